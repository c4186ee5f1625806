"""The weekly log sheet: which box to tick, for which exercise, on which day.

Exercises are the columns, headed by their number and name (no key to look up), days are the
rows. An exercise done fewer than 7 days a week has its other days marked "rest": the
programme says how many days, not which, so the days are spread over the week the way
therapists usually write it (3 days: Monday, Wednesday, Friday) and the sheet says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Columns per table that stay wide enough for a name of two or three short lines.
COLUMNS_PER_TABLE = {False: 7, True: 5}
WEEK = 7


@dataclass(frozen=True)
class LogColumn:
    number: int
    name: str
    boxes: int  # ticks a day: one per time a day
    days: tuple[bool, ...]  # Monday first: True where the exercise is done that day

    @property
    def rest_days(self) -> int:
        return self.days.count(False)


@dataclass(frozen=True)
class LogTable:
    columns: tuple[LogColumn, ...]
    pain: bool  # the next-morning pain column is printed once, in the first table


def spread_days(per_week: int | None) -> tuple[bool, ...]:
    """``per_week`` days spread evenly from Monday: 3 -> Mon, Wed, Fri; 2 -> Mon, Thu."""
    if not per_week or per_week >= WEEK:
        return (True,) * WEEK
    chosen = {i * WEEK // per_week for i in range(per_week)}
    return tuple(day in chosen for day in range(WEEK))


def log_column(exercise: dict[str, Any]) -> LogColumn:
    dosage = exercise.get("dosage") or {}
    return LogColumn(
        number=exercise["number"],
        name=exercise["name"],
        boxes=max(1, min(int(dosage.get("times_per_day") or 1), 3)),
        days=spread_days(dosage.get("days_per_week")),
    )


def log_tables(exercises: list[dict[str, Any]], large_print: bool) -> list[LogTable]:
    """The numbered exercises as log tables narrow enough for the page, pain column in the first."""
    columns = [log_column(e) for e in exercises]
    size = COLUMNS_PER_TABLE[large_print]
    chunks = [tuple(columns[i : i + size]) for i in range(0, len(columns), size)] or [()]
    return [LogTable(columns=chunk, pain=index == 0) for index, chunk in enumerate(chunks)]
