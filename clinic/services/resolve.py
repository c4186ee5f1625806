"""Resolve a programme to plain data: the one input of the handout and its snapshot.

Everything a handout prints is in the returned dictionary (text, dosage words,
pictures as data URIs), so a reprint needs no plugin and no file on disk.
"""

from __future__ import annotations

import base64
import mimetypes
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from clinic.catalogue import Catalogue
from clinic.exercise_data import Dosage, Exercise, Level, describe_dosage
from clinic.exercise_data.exercise import TRANSLATABLE_FIELDS
from clinic.models import Clinic, Patient, Programme, User
from clinic.services.programmes import DEFAULT_SECTIONS

SNAPSHOT_SCHEMA = 1


@lru_cache(maxsize=512)
def _data_uri(path: Path, mtime: float) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def picture_data_uri(path: Path) -> str:
    return _data_uri(path, path.stat().st_mtime)


def level_label(step: int) -> str:
    if step == 0:
        return "Standard"
    if step < 0:
        return "Easier" if step == -1 else f"Easier ({-step})"
    return "Harder" if step == 1 else f"Harder ({step})"


class Localizer:
    """Pick a field in the handout's language, noting each fallback to English."""

    def __init__(self, language: str):
        self.language = language
        self.fallbacks: list[dict[str, str]] = []

    def exercise_field(self, exercise: Exercise, field: str) -> Any:
        value = getattr(exercise, field)
        if self.language == "en" or not value:
            return value
        translation = exercise.translations.get(self.language)
        translated = getattr(translation, field, None) if translation else None
        if translated:
            return translated
        self.fallbacks.append({"exercise": exercise.id, "field": field})
        return value

    def level_field(self, exercise: Exercise, level: Level, field: str) -> Any:
        value = getattr(level, field)
        if self.language == "en" or not value:
            return value
        translation = exercise.translations.get(self.language)
        table = translation.levels.get(str(level.step), {}) if translation else {}
        if table.get(field):
            return table[field]
        self.fallbacks.append({"exercise": exercise.id, "field": f"levels.{level.step}.{field}"})
        return value


def _picture(catalogue: Catalogue, exercise: Exercise, level: Level | None) -> dict[str, Any]:
    picture = (level.picture if level and level.picture else None) or exercise.pictures[0]
    path = catalogue.picture_path(exercise.id, picture.file)
    return {
        "data_uri": picture_data_uri(path) if path else None,
        "alt": picture.alt,
        "licence": picture.licence,
        "author": picture.author,
    }


def _neighbour(exercise: Exercise, step: int, direction: int, loc: Localizer) -> dict | None:
    """The next rung down (-1) or up (+1) from ``step``, with the criterion to move."""
    ladder = exercise.ladder()
    index = ladder.index(step) + direction if step in ladder else None
    if index is None or not 0 <= index < len(ladder):
        return None
    target = ladder[index]
    if target == 0:
        current = exercise.level(step)
        return {
            "name": loc.exercise_field(exercise, "name"),
            "criterion": loc.level_field(exercise, current, "criterion") if current else "",
        }
    level = exercise.level(target)
    assert level is not None
    return {
        "name": loc.level_field(exercise, level, "name") or level.exercise,
        "criterion": loc.level_field(exercise, level, "criterion"),
    }


def resolve_item(
    catalogue: Catalogue,
    exercise_id: str,
    step: int,
    override: dict[str, Any],
    note: str,
    section: str,
    loc: Localizer,
) -> dict[str, Any]:
    """One exercise card's data: the chosen level applied, the therapist's dosage on top."""
    base = catalogue.exercise(exercise_id)
    level = base.level(step) if step else None
    shown = base
    if level is not None and level.is_link:
        shown = catalogue.exercise(level.exercise or "")
    dosage = shown.dosage
    if level is not None and level.dosage is not None:
        dosage = dosage.merged(level.dosage)
    dosage = dosage.merged(Dosage.model_validate(override)) if override else dosage
    name = loc.exercise_field(shown, "name")
    steps = loc.exercise_field(shown, "steps")
    if level is not None and not level.is_link:
        name = loc.level_field(base, level, "name") or name
        steps = loc.level_field(base, level, "steps") or steps
    fields = {f: loc.exercise_field(shown, f) for f in TRANSLATABLE_FIELDS if f not in ("name", "steps")}
    return {
        "id": base.id,
        "shown_id": shown.id,
        "plugin": catalogue.owners.get(base.id, ""),
        "section": section,
        "kind": base.kind,
        "targets": list(base.targets),
        "equipment": list(shown.equipment),
        "name": name,
        "base_name": loc.exercise_field(base, "name"),
        "steps": list(steps),
        **{k: (list(v) if isinstance(v, tuple) else v) for k, v in fields.items()},
        "level": {"step": step, "label": level_label(step), "ladder": base.ladder()},
        "dosage": dosage.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "dosage_text": describe_dosage(dosage, loc.language),
        "minutes": dosage.estimated_minutes(),
        "picture": _picture(catalogue, shown if level is None or level.is_link else base, level),
        "easier": _neighbour(base, step, -1, loc),
        "harder": _neighbour(base, step, +1, loc),
        "note": note,
        "references": [r.citation for r in shown.references],
    }


def _logo(clinic: Clinic) -> str | None:
    if not clinic.logo or not clinic.logo_mimetype:
        return None
    return f"data:{clinic.logo_mimetype};base64,{base64.b64encode(clinic.logo).decode()}"


def resolve_programme(
    programme: Programme,
    patient: Patient,
    clinic: Clinic,
    therapist: User | None,
    catalogue: Catalogue,
    language: str = "en",
    today: date | None = None,
) -> dict[str, Any]:
    """Turn a programme into the plain dictionary a handout is rendered from."""
    loc = Localizer(language)
    exercises = [
        resolve_item(catalogue, item.exercise_id, item.level, item.dosage or {}, item.note,
                     item.section, loc)
        for item in programme.items
        if item.exercise_id in catalogue.exercises
    ]
    missing = [item.exercise_id for item in programme.items if item.exercise_id not in catalogue.exercises]
    extras = programme.extras or {}
    section_defs = extras.get("sections") or [{"key": k, **v} for k, v in DEFAULT_SECTIONS.items()]
    sections = [
        {**s, "exercises": [i for i, e in enumerate(exercises) if e["section"] == s["key"]]}
        for s in section_defs
    ]
    known = {s["key"] for s in section_defs}
    stray = [i for i, e in enumerate(exercises) if e["section"] not in known]
    if stray:
        sections.append({"key": "other", "title": "Other exercises", "instructions": "", "exercises": stray})
    owners = {e["plugin"] for e in exercises}
    return {
        "schema": SNAPSHOT_SCHEMA,
        "language": language,
        "date": (today or date.today()).isoformat(),
        "patient": {"name": patient.display_name, "reference": patient.reference or ""},
        "clinic": {
            "name": clinic.name,
            "phone": clinic.phone,
            "address": clinic.address,
            "logo": _logo(clinic),
        },
        "therapist": {"name": therapist.name if therapist else ""},
        "programme": {
            "id": programme.id,
            "version": programme.version,
            "title": programme.title,
            "goal": programme.goal,
            "protocol_id": programme.protocol_id,
            "protocol_name": extras.get("protocol_name"),
            "notes": programme.notes,
        },
        "sections": [s for s in sections if s["exercises"]],
        "exercises": exercises,
        "missing_exercises": missing,
        "pain_rule": programme.pain_rule,
        "referrals": list(programme.referrals or []),
        "schedule": list(programme.schedule or []),
        "progression_rules": list(programme.progression_rules or []),
        "activity_changes": list(extras.get("activity_changes", [])),
        "mistakes": list(extras.get("mistakes", [])),
        "flare_up": list(extras.get("flare_up", [])),
        "total_minutes": round(sum(e["minutes"] for e in exercises), 1),
        "fallbacks": loc.fallbacks,
        "plugin_versions": {
            p.name: p.version for p in catalogue.plugins if p.name in owners and p.enabled
        },
    }
