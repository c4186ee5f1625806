"""Export a programme as a JSON file and import one, checked against the library.

The file carries no patient data (no name, no reference), so a therapist can
share a programme with a colleague or another clinic without a privacy review.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from flask_babel import gettext
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clinic.catalogue import Catalogue
from clinic.db import db
from clinic.exercise_data import Dosage, PainRule, Referral, Rule, ScheduleEntry
from clinic.models import Patient, Programme, ProgrammeItem, User
from clinic.services.builder import ordered_items
from clinic.services.patient_text import protocol_notes, shared_extras, shared_goal, shared_note

FILE_FORMAT = "clinic-programme"
FILE_SCHEMA = 1


class ItemFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exercise_id: str
    section: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)] = "strength"
    level: Annotated[int, Field(ge=-3, le=3)] = 0
    dosage: Dosage = Dosage()
    note: Annotated[str, Field(max_length=2000)] = ""


class ProgrammeFile(BaseModel):
    """The file layout; unknown keys are refused so a typo is reported, not dropped."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["clinic-programme"]
    schema_version: Literal[1] = Field(alias="schema")
    title: Annotated[str, Field(min_length=1, max_length=200)]
    goal: str = ""
    protocol_id: str | None = None
    pain_rule: PainRule | None = None
    referrals: list[Referral] = []
    schedule: list[ScheduleEntry] = []
    progression_rules: list[Rule] = []
    extras: dict[str, Any] = {}
    notes: str = ""
    items: Annotated[list[ItemFile], Field(max_length=100)]


class ImportProblem(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def export_programme(programme: Programme, catalogue: Catalogue) -> dict[str, Any]:
    """The programme without its patient: no name or reference, and none of the goal or notes typed for them."""
    from_protocol = protocol_notes(programme, catalogue)
    return {
        "format": FILE_FORMAT, "schema": FILE_SCHEMA, "title": programme.title,
        "goal": shared_goal(programme, catalogue, keep_goal=False),
        "protocol_id": programme.protocol_id, "pain_rule": programme.pain_rule,
        "referrals": programme.referrals or [], "schedule": programme.schedule or [],
        "progression_rules": programme.progression_rules or [], "extras": shared_extras(programme.extras),
        "notes": "",
        "items": [{"exercise_id": i.exercise_id, "section": i.section, "level": i.level, "dosage": i.dosage or {},
                   "note": shared_note(i.note or "", i.exercise_id, from_protocol, keep_notes=False)}
                  for i in ordered_items(programme)],
    }


def _parse(raw: bytes) -> ProgrammeFile:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportProblem([gettext("This is not a programme file (not valid JSON: %(problem)s).",
                                     problem=str(exc))]) from None
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise ImportProblem([gettext("This is not a programme file exported from clinic.")])
    data.setdefault("schema", FILE_SCHEMA)
    try:
        return ProgrammeFile.model_validate(data)
    except ValidationError as exc:
        raise ImportProblem([
            f"{'.'.join(str(p) for p in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()[:10]
        ]) from None


def _library_problems(parsed: ProgrammeFile, catalogue: Catalogue) -> list[str]:
    problems = []
    for number, item in enumerate(parsed.items, start=1):
        exercise = catalogue.exercises.get(item.exercise_id)
        if exercise is None:
            problems.append(gettext("Exercise %(number)d (%(exercise)s) is not in this clinic's library.",
                                    number=number, exercise=item.exercise_id))
        elif item.level not in exercise.ladder():
            problems.append(gettext("Exercise %(number)d (%(exercise)s) has no level %(level)d.",
                                    number=number, exercise=exercise.name, level=item.level))
    return problems


def import_programme(raw: bytes, patient: Patient, author: User | None, catalogue: Catalogue) -> Programme:
    """Create a programme from a file, or raise ImportProblem listing everything wrong."""
    parsed = _parse(raw)
    if problems := _library_problems(parsed, catalogue):
        raise ImportProblem(problems)
    dumped = parsed.model_dump(mode="json", exclude={"items", "format", "schema_version"})
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id,
                          created_by_id=author.id if author else None, **dumped)
    for position, item in enumerate(parsed.items):
        programme.items.append(ProgrammeItem(
            exercise_id=item.exercise_id, section=item.section, level=item.level, position=position,
            dosage=item.dosage.model_dump(mode="json", exclude_unset=True, exclude_none=True), note=item.note))
    db.session.add(programme)
    return programme
