"""What of a programme is one patient's own text, and how to leave it behind.

A template or a shared file goes on to other patients, so the goal and notes
typed for this one ("Run 5 km by March") stay behind unless the therapist asks
to keep them. Text the programme's protocol wrote is not the patient's: it goes
along (the protocol's goal comes back in place of a typed one).
"""

from __future__ import annotations

from clinic.catalogue import Catalogue
from clinic.models import Programme
from clinic.models.content import ProgrammeContent


def protocol_notes(programme: Programme, catalogue: Catalogue) -> dict[str, str]:
    """Each exercise's note as the programme's protocol wrote it."""
    protocol = catalogue.protocols.get(programme.protocol_id or "")
    if protocol is None:
        return {}
    return {item.exercise: item.note for section in protocol.sections for item in section.items if item.note}


def shared_goal(programme: Programme, catalogue: Catalogue, keep_goal: bool) -> str:
    if keep_goal:
        return programme.goal
    protocol = catalogue.protocols.get(programme.protocol_id or "")
    return protocol.goal if protocol is not None else ""


def shared_note(note: str, exercise_id: str, from_protocol: dict[str, str], keep_notes: bool) -> str:
    """An exercise's note, kept when asked or when the protocol wrote it."""
    if keep_notes or note == from_protocol.get(exercise_id):
        return note
    return ""


def shared_content(programme: Programme, catalogue: Catalogue) -> ProgrammeContent:
    """The programme's content without the patient's own text, for a shared file."""
    content = programme.content
    from_protocol = protocol_notes(programme, catalogue)
    items = tuple(item.model_copy(update={"note": shared_note(item.note, item.exercise_id, from_protocol, False)})
                  for item in content.items)
    return content.model_copy(update={"goal": shared_goal(programme, catalogue, keep_goal=False), "notes": "",
                                      "own_language": {}, "items": items})


def leave_patient_text(copy: Programme, source: Programme, catalogue: Catalogue,
                       keep_goal: bool = False, keep_notes: bool = False) -> None:
    """Make ``copy`` (a template made from ``source``) carry none of the patient's own text."""
    copy.goal = shared_goal(source, catalogue, keep_goal)
    copy.notes = source.notes if keep_notes else ""
    copy.own_language = {}  # it describes this patient's handout
    from_protocol = protocol_notes(source, catalogue)
    for item in copy.items:
        item.note = shared_note(item.note or "", item.exercise_id, from_protocol, keep_notes)
