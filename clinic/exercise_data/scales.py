"""Outcome measures: a questionnaire a patient answers now and again, scored to one number.

A scale is plain data so a condition plugin can give its own through
``clinic_outcome_scales`` and the core can store, plot and export any of them
the same way. The core's Patient-Specific Functional Scale comes through the
same hook (``clinic.builtin_scales``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, model_validator

from clinic.exercise_data.base import ID_PATTERN, SLUG_PATTERN, Record

Text = Annotated[str, Field(min_length=1, max_length=300)]


class ScaleQuestion(Record):
    """One fixed question, answered with a whole number in the scale's range."""

    id: Annotated[str, Field(pattern=SLUG_PATTERN, max_length=40)]
    text: Text


class NamedItems(Record):
    """Items the patient names themselves (as in the PSFS: "climbing stairs"), then rates."""

    prompt: Text
    least: Annotated[int, Field(ge=1, le=10)] = 1
    most: Annotated[int, Field(ge=1, le=10)] = 5


class OutcomeScale(Record):
    """A scale's questions, how its answers score, and what a real change in the score is."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    name: Text
    short_name: Annotated[str, Field(min_length=1, max_length=20)]
    instructions: Text
    questions: tuple[ScaleQuestion, ...] = ()
    named_items: NamedItems | None = None
    low: int = 0
    high: int = 10
    low_label: Text
    high_label: Text
    scoring: Literal["mean", "sum"] = "mean"
    direction: Literal["higher_is_better", "lower_is_better"] = "higher_is_better"
    minimal_change: Annotated[float, Field(gt=0)]
    """The smallest change in the score that matters to a patient (the minimal important change)."""
    licence: Text
    """Who may use the scale and on what terms, for the therapist and the export."""

    @model_validator(mode="after")
    def _asks_something(self) -> OutcomeScale:
        if not self.questions and self.named_items is None:
            raise ValueError("a scale needs questions or named_items")
        if self.questions and self.named_items is not None:
            raise ValueError("a scale has either questions or named_items, not both")
        if self.low >= self.high:
            raise ValueError("low must be less than high")
        if self.named_items is not None and self.named_items.least > self.named_items.most:
            raise ValueError("named_items.least must not be more than named_items.most")
        if len({q.id for q in self.questions}) != len(self.questions):
            raise ValueError("two questions share an id")
        return self

    @property
    def score_range(self) -> tuple[float, float]:
        """The lowest and highest score the scale can give."""
        if self.scoring == "mean":
            return float(self.low), float(self.high)
        count = len(self.questions) or (self.named_items.most if self.named_items else 1)
        return float(self.low * count), float(self.high * count)

    def score(self, ratings: Sequence[int]) -> float:
        """The score of one set of answers, rounded to one decimal; the caller has checked each rating."""
        total = sum(ratings)
        return round(total / len(ratings), 1) if self.scoring == "mean" else float(total)
