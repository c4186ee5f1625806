"""Create programmes and place exercises in them.

Protocol content (rules, referrals, flare-up advice) is copied into the
programme when it starts, so the therapist can adjust it and a later plugin
change does not silently rewrite a patient's programme.
"""

from __future__ import annotations

from clinic.catalogue import Catalogue
from clinic.db import db
from clinic.exercise_data import Protocol
from clinic.models import Patient, Programme, ProgrammeItem, User
from clinic.models.content import DEFAULT_SECTION, DEFAULT_SECTIONS, DEFAULT_TITLE, ProgrammeContent

__all__ = ["DEFAULT_SECTIONS", "DEFAULT_TITLE", "add_exercise", "create_programme", "section_for_kind"]


KIND_TO_SECTION = {
    "warm_up": "warm_up",
    "stretch": "stretch",
    "mobility": "stretch",
    "strength": "strength",
    "endurance": "strength",
    "balance": "strength",
}


def section_for_kind(kind: str) -> str:
    return KIND_TO_SECTION.get(kind, DEFAULT_SECTION)


def create_programme(
    patient: Patient,
    author: User | None,
    protocol: Protocol | None = None,
    include_optional: bool = False,
    title: str | None = None,
) -> Programme:
    """Start a programme, blank or pre-filled from a protocol, and add it to the session."""
    if protocol is not None:
        content = ProgrammeContent.from_protocol(protocol, include_optional)
    else:
        content = ProgrammeContent(title=DEFAULT_TITLE)
    if title:
        content = content.model_copy(update={"title": title})
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id,
                          created_by_id=author.id if author else None)
    programme.replace_content(content)
    db.session.add(programme)
    return programme


def add_exercise(
    programme: Programme, catalogue: Catalogue, exercise_id: str, section: str | None = None
) -> ProgrammeItem:
    """Append an exercise at its base level and default dosage."""
    exercise = catalogue.exercise(exercise_id)
    item = ProgrammeItem(
        exercise_id=exercise.id,
        section=section or section_for_kind(exercise.kind),
        level=0,
        dosage={},
        position=max((i.position for i in programme.items), default=-1) + 1,
    )
    programme.items.append(item)
    return item
