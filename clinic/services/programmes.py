"""Create programmes and place exercises in them.

Protocol content (rules, referrals, flare-up advice) is copied into the
programme when it starts, so the therapist can adjust it and a later plugin
change does not silently rewrite a patient's programme.
"""

from __future__ import annotations

from typing import Any

from clinic.catalogue import Catalogue
from clinic.db import db
from clinic.exercise_data import Dosage, Protocol
from clinic.i18n import N_
from clinic.models import Patient, Programme, ProgrammeItem, User

DEFAULT_SECTIONS: dict[str, dict[str, str]] = {
    "warm_up": {"title": N_("Warm-up"), "instructions": N_("Get warm before you start.")},
    "strength": {"title": N_("Strength"), "instructions": N_("Do these first, slowly and with control.")},
    "stretch": {"title": N_("Stretches"), "instructions": N_("Finish with these, gently.")},
}

DEFAULT_TITLE = N_("Home exercise programme")
"""A blank programme's title: the core's words, so the handout prints them in the patient's language."""

KIND_TO_SECTION = {
    "warm_up": "warm_up",
    "stretch": "stretch",
    "mobility": "stretch",
    "strength": "strength",
    "endurance": "strength",
    "balance": "strength",
}


def section_for_kind(kind: str) -> str:
    return KIND_TO_SECTION.get(kind, "strength")


def dosage_override(dosage: Dosage | None) -> dict[str, Any]:
    """Store only the fields a protocol or therapist changed."""
    if dosage is None:
        return {}
    return dosage.model_dump(mode="json", exclude_unset=True, exclude_none=True)


def protocol_fields(protocol: Protocol) -> dict[str, Any]:
    """The parts of a protocol that a programme keeps its own copy of."""
    return {
        "goal": protocol.goal,
        "protocol_id": protocol.id,
        "pain_rule": protocol.pain_rule.model_dump(mode="json"),
        "referrals": [r.model_dump(mode="json") for r in protocol.referrals],
        "schedule": [s.model_dump(mode="json") for s in protocol.schedule],
        "progression_rules": [r.model_dump(mode="json") for r in protocol.progression_rules],
        "extras": {
            "protocol_name": protocol.name,
            "sections": [
                {"key": s.key, "title": s.title, "instructions": s.instructions}
                for s in protocol.sections
            ],
            "activity_changes": list(protocol.activity_changes),
            "mistakes": list(protocol.mistakes),
            "flare_up": [row.model_dump(mode="json") for row in protocol.flare_up],
        },
    }


def create_programme(
    patient: Patient,
    author: User | None,
    protocol: Protocol | None = None,
    include_optional: bool = False,
    title: str | None = None,
) -> Programme:
    """Start a programme, blank or pre-filled from a protocol, and add it to the session."""
    programme = Programme(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        created_by_id=author.id if author else None,
        title=title or (f"{protocol.name}" if protocol else DEFAULT_TITLE),
        referrals=[],
        schedule=[],
        progression_rules=[],
        extras={"sections": [{"key": k, **v} for k, v in DEFAULT_SECTIONS.items()]},
    )
    if protocol is not None:
        for key, value in protocol_fields(protocol).items():
            setattr(programme, key, value)
        position = 0
        for section in protocol.sections:
            for item in section.items:
                if item.optional and not include_optional:
                    continue
                programme.items.append(
                    ProgrammeItem(
                        exercise_id=item.exercise,
                        section=section.key,
                        level=item.level,
                        dosage=dosage_override(item.dosage),
                        position=position,
                        note=item.note or "",
                    )
                )
                position += 1
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
