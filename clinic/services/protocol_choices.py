"""The protocols a programme can start from, as the start page lists them: by condition, in the page language.

With a condition pack per condition, the therapist looks for the patient's
condition first; so each choice leads with the condition's short name (its
text up to the first colon), then the protocol's name and a one-line summary,
each in the page language where the pack translates it.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.catalogue import Catalogue
from clinic.exercise_data import Protocol
from clinic.services.library_terms import fold


@dataclass(frozen=True)
class ProtocolChoice:
    id: str
    condition: str
    """The condition's short name ("Knee osteoarthritis")."""
    name: str
    summary: str
    exercises: int
    """How many exercises the programme starts with (optional ones are left out)."""
    optional: int


def _text(protocol: Protocol, field: str, language: str) -> str:
    translation = protocol.translations.get(language)
    return (getattr(translation, field, None) if translation else None) or getattr(protocol, field)


def protocol_choices(catalogue: Catalogue, language: str) -> list[ProtocolChoice]:
    """Every installed protocol, sorted by its condition as the page language spells it."""
    choices = []
    for protocol in catalogue.protocols.values():
        items = [item for section in protocol.sections for item in section.items]
        choices.append(ProtocolChoice(
            id=protocol.id,
            condition=_text(protocol, "condition", language).split(": ", 1)[0],
            name=_text(protocol, "name", language),
            summary=_text(protocol, "summary", language),
            exercises=sum(1 for item in items if not item.optional),
            optional=sum(1 for item in items if item.optional),
        ))
    return sorted(choices, key=lambda c: (fold(c.condition), fold(c.name)))
