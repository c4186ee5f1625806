"""A protocol: a condition routine a therapist starts a programme from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from clinic.exercise_data.base import ID_PATTERN, SLUG_PATTERN, Record
from clinic.exercise_data.dosage import Dosage, IntRange
from clinic.exercise_data.exercise import ExerciseId, Reference, Text
from clinic.exercise_data.protocol_text import ProtocolText, translation_problems


class ProtocolItem(Record):
    """An exercise placed in a section, at a level, with an optional dosage change."""

    exercise: ExerciseId
    level: Annotated[int, Field(ge=-3, le=3)] = 0
    dosage: Dosage | None = None
    note: str | None = None
    optional: bool = False


class ProtocolSection(Record):
    """An ordered part of the routine, such as warm-up, strength or stretch."""

    key: Annotated[str, Field(pattern=SLUG_PATTERN)]
    title: Text
    instructions: Text
    pick: IntRange | None = None
    items: tuple[ProtocolItem, ...] = Field(min_length=1)


class ScheduleEntry(Record):
    """When to do what, such as "every day, 5-8 minutes: 3 stretches"."""

    when: Text
    minutes: IntRange | None = None
    what: tuple[Text, ...] = Field(min_length=1)


class Rule(Record):
    """A progression rule; ``rule_of_thumb`` marks advice that is cautious, not proven."""

    text: Text
    rule_of_thumb: bool = False


class FlareUpRow(Record):
    """One row of the flare-up table: what to avoid, and what to do instead."""

    avoid: Text
    instead: Text


class PainRule(Record):
    """The pain rule as data, so a programme can adjust the ceiling and keep the wording."""

    scale_max: Literal[10] = 10
    ceiling: Annotated[int, Field(ge=0, le=10)]
    next_morning_check: bool = True
    sharp_pain_stops: bool = True
    wording: Text


class Referral(Record):
    """When to get help; ``tier`` says how soon."""

    tier: Literal["urgent", "doctor", "therapist"]
    text: Text


class Protocol(Record):
    """A condition routine made of sections, a schedule, rules and safety advice."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text
    condition: Text
    summary: Text
    goal: Text
    minutes: IntRange | None = None
    sections: tuple[ProtocolSection, ...] = Field(min_length=1)
    schedule: tuple[ScheduleEntry, ...] = ()
    activity_changes: tuple[Text, ...] = ()
    progression_rules: tuple[Rule, ...] = ()
    mistakes: tuple[Text, ...] = ()
    flare_up: tuple[FlareUpRow, ...] = ()
    pain_rule: PainRule
    referrals: tuple[Referral, ...] = Field(min_length=1)
    references: tuple[Reference, ...] = ()
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")], ProtocolText] = {}

    @model_validator(mode="after")
    def _unique_sections(self) -> Protocol:
        keys = [s.key for s in self.sections]
        if len(keys) != len(set(keys)):
            raise ValueError(f"two sections share a key: {keys}")
        if problems := translation_problems(self):
            raise ValueError("; ".join(problems))
        return self

    def exercise_ids(self) -> set[str]:
        return {item.exercise for section in self.sections for item in section.items}
