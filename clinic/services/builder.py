"""The edits a therapist makes in the builder, each one a small function.

Every edit touches the programme row (``updated_at``) so its ``version`` rises
even when only items changed: the version is what lets a second browser tab
notice that its copy of the programme is out of date.
"""

from __future__ import annotations

from typing import Any

from clinic.catalogue import Catalogue
from clinic.db import db
from clinic.models import Patient, Programme, ProgrammeItem, User
from clinic.models.common import utcnow
from clinic.models.content import DEFAULT_SECTIONS, printed_order
from clinic.services.programmes import add_exercise, section_for_kind


class StaleVersion(Exception):
    """The browser edited an older version of the programme than the one saved."""


def check_version(programme: Programme, sent: str | int | None) -> None:
    """Refuse an edit made against another version; a missing version is refused too."""
    try:
        version = int(sent)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StaleVersion from None
    if version != programme.version:
        raise StaleVersion


def touch(programme: Programme) -> None:
    """Mark the programme row changed so SQLAlchemy bumps and checks its version."""
    programme.updated_at = utcnow()


def section_defs(programme: Programme) -> list[dict[str, str]]:
    return list(programme.sections)


def ensure_section(programme: Programme, key: str) -> None:
    """Add a default section definition when an item lands in a section the programme lacks."""
    defs = section_defs(programme)
    if any(s["key"] == key for s in defs):
        return
    default = DEFAULT_SECTIONS.get(key, {"title": key.replace("_", " ").capitalize(), "instructions": ""})
    # JSON columns are not mutation-tracked: assign a new dict so the change is saved.
    programme.sections = [*defs, {"key": key, **default}]


def add_item(programme: Programme, catalogue: Catalogue, exercise_id: str) -> ProgrammeItem:
    exercise = catalogue.exercise(exercise_id)
    section = section_for_kind(exercise.kind)
    ensure_section(programme, section)
    item = add_exercise(programme, catalogue, exercise_id, section)
    touch(programme)
    return item


def ordered_items(programme: Programme) -> list[ProgrammeItem]:
    """Items in section order, then position: the order the handout prints them."""
    return printed_order(programme.items, [s["key"] for s in section_defs(programme)])


def move_item(programme: Programme, item: ProgrammeItem, direction: str) -> bool:
    """Swap an item with its neighbour in the same section; False when already at the end."""
    siblings = [i for i in ordered_items(programme) if i.section == item.section]
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(programme, {item.section: siblings})
    return True


def move_to_section(programme: Programme, item: ProgrammeItem, key: str) -> bool:
    """The keyboard's way to do what dragging into another section does: go to its end."""
    if key == item.section or key not in {s["key"] for s in section_defs(programme)}:
        return False
    target = [i for i in ordered_items(programme) if i.section == key and i is not item]
    source = [i for i in ordered_items(programme) if i.section == item.section and i is not item]
    changed = {item.section: source, key: [*target, item]}
    item.section = key
    _renumber(programme, changed)
    return True


def reorder(programme: Programme, order: dict[str, list[int]]) -> None:
    """Apply a drag-and-drop result: section key -> item ids, top to bottom.

    Only the programme's own sections and items count; anything else in the
    request is ignored rather than creating sections nobody asked for.
    """
    by_id = {i.id: i for i in programme.items}
    known = {s["key"] for s in section_defs(programme)}
    placed: dict[str, list[ProgrammeItem]] = {}
    for section, ids in order.items():
        if section not in known:
            continue
        placed[section] = [by_id[i] for i in ids if i in by_id]
        for item in placed[section]:
            item.section = section
    _renumber(programme, placed)


def _renumber(programme: Programme, changed: dict[str, list[ProgrammeItem]]) -> None:
    """Positions run across the whole programme so one sort gives the printed order."""
    current = ordered_items(programme)
    keys = [s["key"] for s in section_defs(programme)]
    result: list[ProgrammeItem] = []
    for key in keys:
        result += changed.get(key, [i for i in current if i.section == key])
    result += [i for i in current if i not in result]
    for position, item in enumerate(result):
        item.position = position
    touch(programme)


def remove_item(programme: Programme, item: ProgrammeItem) -> dict[str, Any]:
    """Delete an item and return what undo needs to put it back where it was."""
    kept = item_data(item)
    programme.items.remove(item)
    touch(programme)
    return kept


def item_data(item: ProgrammeItem) -> dict[str, Any]:
    return {"exercise_id": item.exercise_id, "section": item.section, "level": item.level,
            "dosage": dict(item.dosage or {}), "note": item.note or "", "position": item.position}


def restore_item(programme: Programme, data: dict[str, Any]) -> ProgrammeItem:
    """Put a removed item back at its old position, shifting later items down."""
    for other in programme.items:
        if other.position >= data["position"]:
            other.position += 1
    item = ProgrammeItem(**data)
    programme.items.append(item)
    ensure_section(programme, item.section)
    touch(programme)
    return item


def copy_programme(source: Programme, patient: Patient | None, author: User | None,
                   as_template: bool = False, title: str | None = None) -> Programme:
    """A fresh programme (or clinic template) with the source's content and items."""
    copy = Programme(clinic_id=source.clinic_id, patient_id=patient.id if patient else None,
                     created_by_id=author.id if author else None, is_template=as_template)
    content = source.content
    copy.replace_content(content.model_copy(update={"title": title}) if title else content)
    db.session.add(copy)
    return copy
