"""Export a programme as a JSON file and import one, checked against the library.

The file carries no patient data (no name, no reference), so a therapist can
share a programme with a colleague or another clinic without a privacy review.
Its body is a :class:`ProgrammeContent`, the record every programme writer
uses; files of the first layout (``"schema": 1``, with ``extras``) still import.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext
from pydantic import ValidationError

from clinic.catalogue import Catalogue
from clinic.db import db
from clinic.envelope import Envelope, EnvelopeError
from clinic.models import Patient, Programme, User
from clinic.models.content import ProgrammeContent
from clinic.services.content_problems import describe
from clinic.services.patient_text import shared_content

EXTRAS_PARTS = ("protocol_name", "sections", "activity_changes", "mistakes", "flare_up", "own_language")
"""What schema 1 kept together in ``extras``; schema 2 gives each its own field."""


def spread_extras(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 to 2: ``extras`` becomes fields; a key it should not hold is reported, not dropped."""
    body = dict(body)
    extras = body.pop("extras", None) or {}
    if not isinstance(extras, dict):
        return {**body, "extras": extras}  # the model refuses it, by name
    unknown = {k: v for k, v in extras.items() if k not in EXTRAS_PARTS}
    body.update({k: v for k, v in extras.items() if k in EXTRAS_PARTS})
    if unknown:
        body["extras"] = unknown
    return body


PROGRAMME_FILE = Envelope(format="clinic.programme", schema=2, upgrades={1: spread_extras},
                          former_names=("clinic-programme",), unstated_schema=1)


class ImportProblem(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def export_programme(programme: Programme, catalogue: Catalogue) -> dict[str, Any]:
    """The programme without its patient: no name or reference, and none of the goal or notes typed for them."""
    return PROGRAMME_FILE.wrap(shared_content(programme, catalogue).model_dump(mode="json"))


def parse_programme_file(raw: bytes) -> ProgrammeContent:
    """The content of an uploaded file, or ImportProblem naming every field that is wrong."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportProblem([gettext("This is not a programme file (not valid JSON: %(problem)s).",
                                     problem=str(exc))]) from None
    try:
        body = PROGRAMME_FILE.open(data)
    except EnvelopeError as exc:
        if exc.schema is None:
            raise ImportProblem([gettext("This is not a programme file exported from clinic.")]) from None
        raise ImportProblem([gettext("This programme file has a layout this version cannot read "
                                     "(schema %(schema)s).", schema=exc.schema)]) from None
    try:
        return ProgrammeContent.model_validate(body)
    except ValidationError as exc:
        raise ImportProblem(describe(exc)) from None


def _library_problems(content: ProgrammeContent, catalogue: Catalogue) -> list[str]:
    problems = []
    for number, item in enumerate(content.items, start=1):
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
    content = parse_programme_file(raw)
    if problems := _library_problems(content, catalogue):
        raise ImportProblem(problems)
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id,
                          created_by_id=author.id if author else None)
    programme.replace_content(content)
    db.session.add(programme)
    return programme
