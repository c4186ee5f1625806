"""Structured dosage, and the one function that turns it into plain words.

Dosage is data, never free text, so the builder can validate it, the handout can
print it in large type and a translation can render it in another language.
A refusal names its kind and values (``PydanticCustomError``) rather than only an
English sentence, so the builder can say it in the page language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from clinic.exercise_data.base import Record

Side = Literal["each_side", "both", "left", "right", "alternating"]
LoadKind = Literal["body_weight", "band", "kg", "step_height_cm", "object"]
LoadAt = Literal["hands", "ankle", "wrist", "body"]
"""Where a weight is: held in the hands, strapped to the ankle or wrist, or worn (a vest, a backpack)."""
# A few words printed inside the dosage line ("a soup can", "times through the alphabet"):
# short, and no control characters from a pasted value.
ShortText = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[^\x00-\x1f\x7f]*$")]

# Upper bounds that no home programme needs; they catch typos like 100 sets.
LIMITS: dict[str, int] = {
    "sets": 10,
    "reps": 200,
    "hold_seconds": 600,
    "duration_minutes": 120,
    "rest_seconds": 600,
    "times_per_day": 6,
    "days_per_week": 7,
}


class IntRange(Record):
    """A whole number or a range such as 2-3; written ``3`` or ``[2, 3]`` in data files."""

    low: Annotated[int, Field(ge=0)]
    high: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_short_form(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a number or a pair of numbers, not true/false")
        if isinstance(value, int):
            return {"low": value}
        if isinstance(value, (list, tuple)):
            if len(value) != 2:
                raise ValueError("a range needs exactly two numbers, for example [2, 3]")
            return {"low": value[0], "high": value[1]}
        if isinstance(value, str):
            parts = value.replace("–", "-").split("-")
            try:
                numbers = [int(p.strip()) for p in parts]
            except ValueError:
                raise PydanticCustomError("not_a_range", "'{value}' is not a number or a range like 2-3",
                                          {"value": value}) from None
            if len(numbers) == 1:
                return {"low": numbers[0]}
            if len(numbers) == 2:
                return {"low": numbers[0], "high": numbers[1]}
            raise PydanticCustomError("not_a_range", "'{value}' is not a number or a range like 2-3",
                                      {"value": value})
        return value

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.high is not None and self.high < self.low:
            raise PydanticCustomError("range_backwards", "the range {range} runs backwards",
                                      {"range": f"{self.low}-{self.high}"})
        return self

    @property
    def top(self) -> int:
        return self.high if self.high is not None else self.low

    def __str__(self) -> str:
        if self.high is None or self.high == self.low:
            return str(self.low)
        return f"{self.low}-{self.high}"


class Load(Record):
    """What resists the movement: body weight, a band, a weight, or a step height."""

    kind: LoadKind
    amount: Annotated[float, Field(ge=0, le=500)] | None = None
    # Printed on the handout: short, and no control characters from a pasted value.
    band_colour: Annotated[str, Field(max_length=40, pattern=r"^[^\x00-\x1f\x7f]*$")] | None = None
    # The words follow it ("holding 1 kg", "with a 1 kg weight on the ankle"); unset says only "a 1 kg weight".
    at: LoadAt | None = None
    # What a patient holds when they have no weights at home: "a soup can", "a bag of rice".
    object: ShortText | None = None

    @model_validator(mode="after")
    def _amount_where_needed(self) -> Load:
        if self.kind in ("kg", "step_height_cm") and self.amount is None:
            raise PydanticCustomError("load_needs_amount", "a load of kind '{kind}' needs an amount",
                                      {"kind": self.kind})
        if (self.kind == "object") != (self.object is not None):
            raise PydanticCustomError("load_object", "a load of kind 'object' says what it is, as "
                                      "object = \"a soup can\"; other kinds have no 'object'")
        if self.at is not None and self.kind != "kg":
            raise PydanticCustomError("load_place_for_weight", "only a weight (kind 'kg') says where it is ('at')")
        return self


class Tempo(Record):
    """Seconds to lift, to hold at the top, and to lower."""

    up: Annotated[int, Field(ge=0, le=30)]
    hold: Annotated[int, Field(ge=0, le=60)] = 0
    down: Annotated[int, Field(ge=0, le=30)]


class Dosage(Record):
    """How much of an exercise: every field optional so a dosage can also be an override."""

    sets: IntRange | None = None
    reps: IntRange | None = None
    # What one repetition is, when it is not one movement: "times through the alphabet".
    rep_unit: ShortText | None = None
    to_fatigue: bool = False
    hold_seconds: IntRange | None = None
    hold_target_seconds: Annotated[int, Field(ge=1, le=600)] | None = None
    duration_minutes: IntRange | None = None
    rest_seconds: Annotated[int, Field(ge=0, le=600)] | None = None
    times_per_day: Annotated[int, Field(ge=1, le=6)] | None = None
    days_per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    side: Side | None = None
    load: Load | None = None
    tempo: Tempo | None = None
    pain_ceiling: Annotated[int, Field(ge=0, le=10)] | None = None

    @model_validator(mode="after")
    def _within_limits(self) -> Dosage:
        for name in ("sets", "reps", "hold_seconds", "duration_minutes"):
            value: IntRange | None = getattr(self, name)
            if value is not None and value.top > LIMITS[name]:
                raise PydanticCustomError("not_a_home_dose", "{field} above {limit} is not a home dose",
                                          {"field": name.replace("_", " "), "name": name, "limit": LIMITS[name]})
        if self.to_fatigue and self.reps is not None:
            raise PydanticCustomError("reps_and_fatigue", "give reps or 'to fatigue', not both")
        if (
            self.hold_target_seconds is not None
            and self.hold_seconds is not None
            and self.hold_target_seconds < self.hold_seconds.low
        ):
            raise PydanticCustomError("hold_target_short", "the hold to work up to is shorter than the starting hold")
        return self

    def merged(self, override: Dosage | None) -> Dosage:
        """Return this dosage with every field the override sets replaced."""
        if override is None:
            return self
        changes = override.model_dump(exclude_unset=True, exclude_defaults=True)
        data = self.model_dump(exclude_none=True)
        data.update(changes)
        if changes.get("to_fatigue"):
            data.pop("reps", None)
        if "reps" in changes:
            data["to_fatigue"] = False
        return Dosage.model_validate(data)

    def estimated_minutes(self) -> float:
        """Minutes one session takes at the top of every range (see ``timing``, the one model of time)."""
        from clinic.exercise_data.timing import session_time

        return round(session_time(self).high, 1)


@lru_cache(maxsize=4096)
def describe_dosage(dosage: Dosage, language: str = "en", brief: bool = False) -> str:
    """Say a dosage in plain words, such as "2-3 sets of 10-12, each side, once a day".

    Cached: a Dosage is frozen (hashable by value) and its words depend on nothing
    else, while Babel's number formatting made this the top cost of the library
    results, the builder's cards and the handout's resolve.
    """
    from clinic.exercise_data.dosage_words import phrase_dosage

    return phrase_dosage(dosage, language, brief)
