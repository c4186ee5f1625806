"""Plain-language wording of a dosage.

Kept apart from the data model so that a new language adds a phrase table here
and never touches the validation rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic.exercise_data.dosage import Dosage, IntRange

SIDE_WORDS = {
    "each_side": "each side",
    "both": "both legs together",
    "left": "left side only",
    "right": "right side only",
    "alternating": "switching sides each time",
}

TIMES_PER_DAY = {1: "once a day", 2: "twice a day"}


def _count(value: IntRange, one: str, many: str) -> str:
    word = one if value.top == 1 else many
    return f"{value} {word}"


def _seconds(value: IntRange) -> str:
    return _count(value, "second", "seconds")


def _load_words(dosage: Dosage) -> str | None:
    load = dosage.load
    if load is None or load.kind == "body_weight":
        return None
    if load.kind == "band":
        colour = f"{load.band_colour} " if load.band_colour else ""
        return f"with a {colour}band"
    if load.kind == "kg":
        return f"holding {load.amount:g} kg"
    return f"on a {load.amount:g} cm step"


def phrase_dosage(dosage: Dosage, language: str = "en") -> str:
    """Join the parts of a dosage into one short line a patient can follow."""
    parts: list[str] = []
    if dosage.duration_minutes is not None:
        parts.append(_count(dosage.duration_minutes, "minute", "minutes"))
    if dosage.hold_seconds is not None:
        hold = f"hold {_seconds(dosage.hold_seconds)}"
        if dosage.hold_target_seconds:
            hold += f", working up to {dosage.hold_target_seconds} seconds"
        if dosage.sets is not None:
            hold = f"{hold}, {_count(dosage.sets, 'time', 'times')}"
        parts.append(hold)
    elif dosage.sets is not None or dosage.reps is not None or dosage.to_fatigue:
        sets = _count(dosage.sets, "set", "sets") if dosage.sets else None
        if dosage.to_fatigue:
            reps = "as many as you can with good form"
        elif dosage.reps is not None:
            reps = str(dosage.reps)
        else:
            reps = None
        if sets and reps:
            parts.append(f"{sets} of {reps}")
        else:
            parts.append(sets or f"{reps} times")
    if dosage.side is not None:
        parts.append(SIDE_WORDS[dosage.side])
    load = _load_words(dosage)
    if load:
        parts.append(load)
    if dosage.tempo is not None:
        t = dosage.tempo
        parts.append(f"up in {t.up} s, hold {t.hold} s, down in {t.down} s")
    if dosage.rest_seconds:
        parts.append(f"rest {dosage.rest_seconds} seconds between sets")
    if dosage.times_per_day is not None:
        parts.append(TIMES_PER_DAY.get(dosage.times_per_day, f"{dosage.times_per_day} times a day"))
    if dosage.days_per_week is not None:
        days = dosage.days_per_week
        parts.append("every day" if days == 7 else f"{days} days a week")
    if dosage.pain_ceiling is not None:
        parts.append(f"keep pain at {dosage.pain_ceiling} out of 10 or less")
    return ", ".join(parts)
