"""The "Your routine" lines on page 1, worked out from the exercises' own dosage.

A routine written as prose ("every day: 3 stretches, 10-15 minutes") drifts
from the table under it as soon as the therapist adds an exercise or changes a
day count. So the lines are made from the same data as the table: which
exercises are done on how many days a week, in which part of the routine, and
how long they take. Nothing here reads the protocol's schedule text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, ngettext

from clinic.exercise_data import Dosage
from clinic.exercise_data.timing import day_time

EVERY_DAY = 7


@dataclass(frozen=True)
class RoutinePart:
    """One part of the routine (a section) within a group of days: its title and exercise numbers."""

    title: str
    numbers: tuple[int, ...]

    @property
    def words(self) -> str:
        """"Strength first: exercises 2 to 4"."""
        return f"{self.title}: {_numbers(self.numbers)}"


@dataclass(frozen=True)
class RoutineLine:
    """One printed line: on which days, about how long, and what."""

    days_per_week: int | None
    when: str
    minutes: str
    parts: tuple[RoutinePart, ...]


def days_per_week(exercise: dict[str, Any]) -> int | None:
    """How many days a week the card says; "once a day" with no day count means every day.

    None when the therapist set neither, so no frequency is invented.
    """
    dosage = exercise.get("dosage") or {}
    days = dosage.get("days_per_week")
    if days:
        return int(days)
    return EVERY_DAY if dosage.get("times_per_day") else None


def exercise_minutes_a_day(exercise: dict[str, Any]) -> float:
    """Minutes one exercise takes on a day it is done, by the one time model (``timing.day_time``).

    The longer end of its range, so a patient is never told less time than it takes.
    """
    return day_time(Dosage.model_validate(exercise.get("dosage") or {})).high


def _numbers(numbers: tuple[int, ...]) -> str:
    """"exercise 4", "exercises 2 to 4" or "exercises 2, 5 and 7": the card numbers, as a patient reads them."""
    if len(numbers) == 1:
        return gettext("exercise %(n)s", n=numbers[0])
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return gettext("exercises %(first)s to %(last)s", first=numbers[0], last=numbers[-1])
    head = ", ".join(str(n) for n in numbers[:-1])
    return gettext("exercises %(list)s and %(last)s", list=head, last=numbers[-1])


def _when(days: int | None, after_every_day: bool) -> str:
    if days is None:
        return gettext("When your therapist tells you")
    if days >= EVERY_DAY:
        return gettext("Every day")
    if after_every_day:
        return ngettext("Also, %(num)s day a week", "Also, %(num)s days a week", days)
    return ngettext("%(num)s day a week", "%(num)s days a week", days)


def _minutes(total: float) -> str:
    if total <= 0:
        return ""
    whole = max(1, math.ceil(total))
    return ngettext("about %(num)s minute", "about %(num)s minutes", whole)


def routine_lines(sections: list[dict[str, Any]]) -> list[RoutineLine]:
    """Group the numbered cards by days a week (most days first), keeping the routine's order."""
    groups: dict[int | None, list[tuple[str, dict[str, Any]]]] = {}
    for section in sections:
        for card in section["cards"]:
            groups.setdefault(days_per_week(card), []).append((section["title"], card))
    order = sorted(groups, key=lambda d: (d is None, -(d or 0)))
    lines = []
    for days in order:
        parts: dict[str, list[int]] = {}
        for title, card in groups[days]:
            parts.setdefault(title, []).append(card["number"])
        total = sum(exercise_minutes_a_day(card) for _, card in groups[days])
        lines.append(RoutineLine(
            days_per_week=days,
            when=_when(days, after_every_day=EVERY_DAY in groups and days != EVERY_DAY and days is not None),
            minutes=_minutes(total),
            parts=tuple(RoutinePart(title, tuple(numbers)) for title, numbers in parts.items()),
        ))
    return lines

