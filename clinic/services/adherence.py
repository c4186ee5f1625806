"""What the therapist sees of a patient link: sessions done per week against those scheduled, and recent pain.

A "session" is one exercise on one of its days: an exercise done 3 days a
week is 3 sessions a week, whatever its sets. Days a week come from the
printed dosage in the handout's snapshot; a dosage that does not say counts
as every day, as the routine lines print it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clinic.db import db
from clinic.models import DayCheckIn, ExerciseCheckIn, PatientLink

WEEKS_SHOWN = 6
PAIN_DAYS = 7


@dataclass(frozen=True)
class WeekAdherence:
    start: date
    scheduled: int
    done: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.scheduled) if self.scheduled else None


@dataclass(frozen=True)
class LinkSummary:
    weeks: tuple[WeekAdherence, ...]
    pain: tuple[tuple[date, int], ...]
    """Next-morning pain of the last days that have one, oldest first."""
    notes: tuple[tuple[date, str], ...]
    pain_history: tuple[tuple[date, int], ...] = ()
    """Every next-morning pain the link has, oldest first: the pain plot."""

    @property
    def last_week(self) -> WeekAdherence | None:
        """The last whole week, or None while the link is in its first week."""
        return self.weeks[-2] if len(self.weeks) > 1 else None

    @property
    def this_week(self) -> WeekAdherence | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def pain_range(self) -> str:
        """"2" or "2-4": the recent next-morning pain, for a one-line summary; empty with none."""
        pains = [p for _, p in self.pain]
        if not pains:
            return ""
        low, high = min(pains), max(pains)
        return str(low) if low == high else f"{low}-{high}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def summarise(link: PatientLink, days_per_week: dict[int, int], today: date) -> LinkSummary:
    """The link's weeks from its first day to today (the last ``WEEKS_SHOWN``), and its recent pain.

    ``days_per_week`` maps each card number to its days a week. A week the link
    only partly covers (its first, and this one) schedules its share of the days.
    """
    first = link.created_at.date()
    done_rows = db.session.execute(
        db.select(ExerciseCheckIn.day, ExerciseCheckIn.exercise_number)
        .where(ExerciseCheckIn.link_id == link.id, ExerciseCheckIn.done.is_(True))).all()
    done_by_week: dict[date, Counter[int]] = {}
    for day, number in done_rows:
        done_by_week.setdefault(week_start(day), Counter())[number] += 1
    weeks = []
    start = week_start(first)
    while start <= today:
        covered = sum(1 for i in range(7) if first <= start + timedelta(days=i) <= today)
        scheduled = done = 0
        counts = done_by_week.get(start, Counter())
        for number, per_week in days_per_week.items():
            # A part week schedules its share, rounded up: one day in, a 3-day exercise is due once.
            due = math.ceil(per_week * covered / 7)
            scheduled += due
            done += min(counts[number], due)
        weeks.append(WeekAdherence(start=start, scheduled=scheduled, done=done))
        start += timedelta(days=7)
    all_rows: Sequence[DayCheckIn] = db.session.execute(
        db.select(DayCheckIn).where(DayCheckIn.link_id == link.id)
        .order_by(DayCheckIn.day)).scalars().all()
    day_rows = [row for row in all_rows if row.day > today - timedelta(days=PAIN_DAYS)]
    return LinkSummary(
        weeks=tuple(weeks[-WEEKS_SHOWN:]),
        pain=tuple((row.day, row.pain) for row in day_rows if row.pain is not None),
        notes=tuple((row.day, row.note) for row in day_rows if row.note),
        pain_history=tuple((row.day, row.pain) for row in all_rows if row.pain is not None),
    )
