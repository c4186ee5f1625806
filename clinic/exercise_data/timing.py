"""How long an exercise and a routine take: one model of time for every place that states it.

The builder's "(about N min)" on a card, its minutes-a-day check and the
handout's routine lines all come from here, so they cannot disagree. A session
is sets x sides x (reps x seconds per rep, or one hold), plus one rest between
rounds of sets (the other side's set is not a rest); a rep lasts its tempo (up,
hold, down), and a hold set on the dosage is the hold of each rep. A week is
laid out from ``days_per_week``: what is done 3 days a week falls on the same 3
days, so a day's minutes are the sum of what is done that day, not of
everything in the programme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal

from clinic.exercise_data.dosage import Dosage, IntRange, Tempo

DEFAULT_TEMPO = Tempo(up=1, hold=0, down=2)
"""A steady home pace (3 s a rep) for a dosage that names no tempo."""
DEFAULT_REST_SECONDS = 30
"""Rest between sets when the dosage names none."""
DEFAULT_REPS = 10
"""Reps assumed for "as many as you can" or a dosage with sets only."""
TWO_SIDED = ("each_side", "alternating")
WEEK = 7

# What a home programme plausibly asks for; beyond these the builder warns (the
# hard limits in dosage.LIMITS refuse). Each: field -> (highest plausible, unit).
PLAUSIBLE = {"sets": 5, "reps": 30, "hold_seconds": 120, "duration_minutes": 60, "rest_seconds": 180,
             "times_per_day": 3}
PLAUSIBLE_SESSION_MINUTES = 20
PLAUSIBLE_DAY_MINUTES = 60


@dataclass(frozen=True)
class Minutes:
    """A time as a range: the low end of every range in the dosage, and the high end."""

    low: float
    high: float

    def __add__(self, other: Minutes) -> Minutes:
        return Minutes(self.low + other.low, self.high + other.high)

    def times(self, factor: int) -> Minutes:
        return Minutes(self.low * factor, self.high * factor)

    def rounded(self) -> Minutes:
        """To the half minute, and never below it: "0 minutes" is not a time anyone can do."""
        return Minutes(_half_up(self.low), _half_up(self.high))

    def format(self, language: str = "en") -> str:
        """"4-11" or "2,5" in the given language's numbers."""
        shown = self.rounded()
        low, high = (format_decimal(n, locale=language) for n in (shown.low, shown.high))
        return high if low == high else f"{low}-{high}"

    def __str__(self) -> str:
        return self.format()


def _half_up(value: float) -> float:
    return max(0.5, round(value * 2) / 2) if value > 0 else 0.0


def _ends(value: IntRange | None, default: int) -> tuple[int, int]:
    return (value.low, value.top) if value is not None else (default, default)


def counts_reps(dosage: Dosage) -> bool:
    """Reps (or "as many as you can") are counted; otherwise a set is one hold."""
    return dosage.reps is not None or dosage.to_fatigue or dosage.hold_seconds is None


def session_time(dosage: Dosage) -> Minutes:
    """One session of one exercise, both sides and every set, rests included."""
    if dosage.duration_minutes is not None:
        low, high = _ends(dosage.duration_minutes, 0)
        return Minutes(float(low), float(high))
    sides = 2 if dosage.side in TWO_SIDED else 1
    rest = dosage.rest_seconds if dosage.rest_seconds is not None else DEFAULT_REST_SECONDS
    tempo = dosage.tempo or DEFAULT_TEMPO
    ends = []
    for end in (0, 1):
        sets = _ends(dosage.sets, 1)[end]
        hold = _ends(dosage.hold_seconds, 0)[end]
        if counts_reps(dosage):
            reps = _ends(dosage.reps, DEFAULT_REPS)[end]
            per_set = reps * (tempo.up + tempo.down + (hold if dosage.hold_seconds is not None else tempo.hold))
        else:
            per_set = hold
        seconds = sides * sets * per_set + max(sets - 1, 0) * rest  # one rest per round of both sides
        ends.append(seconds / 60)
    return Minutes(ends[0], ends[1])


def day_time(dosage: Dosage) -> Minutes:
    """One day's worth: a session as many times a day as it is done."""
    return session_time(dosage).times(dosage.times_per_day or 1)


@dataclass(frozen=True)
class RoutineDay:
    """A kind of day in the week: how many days look like it, what is done, how long it takes."""

    days_per_week: int
    exercises: tuple[int, ...]
    """Indexes into the dosages given to ``minutes_a_day``, in their order."""
    minutes: Minutes


@dataclass(frozen=True)
class RoutineMinutes:
    """A programme's week: its kinds of day, busiest first."""

    days: tuple[RoutineDay, ...]

    @property
    def busiest(self) -> Minutes:
        return self.days[0].minutes if self.days else Minutes(0.0, 0.0)

    @property
    def average(self) -> Minutes:
        """Minutes a day over the whole week, rest days included."""
        total = Minutes(0.0, 0.0)
        for day in self.days:
            total += day.minutes.times(day.days_per_week)
        return Minutes(total.low / WEEK, total.high / WEEK)

    @property
    def varies(self) -> bool:
        return len(self.days) > 1


def minutes_a_day(dosages: Sequence[Dosage]) -> RoutineMinutes:
    """Lay a programme's exercises out over a week and time each kind of day.

    An exercise done k days a week is done on days 1..k, so the exercises done 3
    days a week share those 3 days and a daily one joins every day; no
    ``days_per_week`` means every day. Days with nothing to do are left out.
    """
    by_day: list[tuple[int, ...]] = []
    for day in range(WEEK):
        by_day.append(tuple(i for i, d in enumerate(dosages) if day < (d.days_per_week or WEEK)))
    kinds: dict[tuple[int, ...], int] = {}
    for exercises in by_day:
        if exercises:
            kinds[exercises] = kinds.get(exercises, 0) + 1
    days = []
    for exercises, count in kinds.items():
        total = Minutes(0.0, 0.0)
        for index in exercises:
            total += day_time(dosages[index])
        days.append(RoutineDay(days_per_week=count, exercises=exercises, minutes=total))
    days.sort(key=lambda d: (-d.minutes.high, -d.days_per_week))
    return RoutineMinutes(days=tuple(days))


def implausible(dosage: Dosage) -> list[tuple[str, int, int]]:
    """Fields above what a home programme plausibly asks: (field, value, plausible top)."""
    found = []
    for name, top in PLAUSIBLE.items():
        value = getattr(dosage, name)
        number = value.top if isinstance(value, IntRange) else value
        if number is not None and number > top:
            found.append((name, number, top))
    session = session_time(dosage).high
    if session > PLAUSIBLE_SESSION_MINUTES and dosage.duration_minutes is None:
        found.append(("session_minutes", round(session), PLAUSIBLE_SESSION_MINUTES))
    return found
