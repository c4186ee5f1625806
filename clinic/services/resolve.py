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
from clinic.exercise_data.protocol_text import phrasebook
from clinic.exercise_data.timing import minutes_a_day, session_time
from clinic.i18n import N_, has_catalogue
from clinic.models import Clinic, Patient, Programme, User
from clinic.services.localize import Localizer, level_label
from clinic.services.pain_rule import is_protocol_wording, printed_wording, with_ceiling
from clinic.services.programmes import DEFAULT_SECTIONS, DEFAULT_TITLE

__all__ = ["Localizer", "level_label", "picture_data_uri", "resolve_item", "resolve_programme"]

SNAPSHOT_SCHEMA = 1


@lru_cache(maxsize=512)
def _data_uri(path: Path, mtime: float) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def picture_data_uri(path: Path) -> str:
    return _data_uri(path, path.stat().st_mtime)


def _picture(catalogue: Catalogue, exercise: Exercise, level: Level | None, loc: Localizer) -> dict[str, Any]:
    level = level if level and level.picture else None
    picture = level.picture if level and level.picture else exercise.pictures[0]
    path = catalogue.picture_path(exercise.id, picture.file)
    return {
        "data_uri": picture_data_uri(path) if path else None,
        "alt": loc.picture_alt(exercise, 0, level),
        "licence": picture.licence,
        "author": picture.author,
    }


def _neighbour(exercise: Exercise, step: int, direction: int, loc: Localizer) -> dict | None:
    """The next rung down (-1) or up (+1) from ``step``, with what to tell the patient.

    A level's criterion is the rule for moving up across its base-side boundary: on a
    progression, when to move up to it; on a regression, when to move up from it. So
    moving up from step a to b uses level b's criterion when b is above the base, else
    level a's. Moving down shows the easier rung's summary instead.
    """
    ladder = exercise.ladder()
    index = ladder.index(step) + direction if step in ladder else None
    if index is None or not 0 <= index < len(ladder):
        return None
    target = ladder[index]
    target_level = exercise.level(target)
    if target_level is None:
        name = loc.exercise_field(exercise, "name")
        summary = loc.exercise_field(exercise, "summary")
    else:
        name = loc.level_field(exercise, target_level, "name") or target_level.exercise
        summary = loc.level_field(exercise, target_level, "summary") or ""
    criterion = ""
    if direction > 0:
        rule_level = target_level if target > 0 else exercise.level(step)
        criterion = loc.level_field(exercise, rule_level, "criterion") if rule_level else ""
    return {"step": target, "name": name, "summary": summary, "criterion": criterion}


def resolve_item(
    catalogue: Catalogue,
    exercise_id: str,
    step: int,
    override: dict[str, Any],
    note: str,
    section: str,
    loc: Localizer,
    pain_rule: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One exercise card's data: the chosen level applied, the therapist's dosage on top.

    ``pain_rule`` is the programme's: its ceiling is the one a dosage line states.
    """
    base = catalogue.exercise(exercise_id)
    level = base.level(step) if step else None
    shown = base
    if level is not None and level.is_link:
        shown = catalogue.exercise(level.exercise or "")
    dosage = shown.dosage
    if level is not None and level.dosage is not None:
        dosage = dosage.merged(level.dosage)
    dosage = dosage.merged(Dosage.model_validate(override)) if override else dosage
    dosage = with_ceiling(dosage, pain_rule)
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
        "level": {"step": step, "label": loc.level_label(step), "ladder": base.ladder()},
        "dosage": dosage.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "dosage_text": loc.dosage_text(dosage, base.id),
        "dosage_brief": describe_dosage(dosage, loc.language, brief=True),
        "minutes": session_time(dosage).rounded().high,
        "picture": _picture(catalogue, shown if level is None or level.is_link else base,
                            None if level is None or level.is_link else level, loc),
        "easier": _neighbour(base, step, -1, loc),
        "harder": _neighbour(base, step, +1, loc),
        "note": loc.protocol_text(note, "note", base.id),
        "references": [r.citation for r in shown.references],
    }


def _logo(clinic: Clinic) -> str | None:
    if not clinic.logo or not clinic.logo_mimetype:
        return None
    return f"data:{clinic.logo_mimetype};base64,{base64.b64encode(clinic.logo).decode()}"


def _section(section: dict[str, Any], loc: Localizer) -> dict[str, Any]:
    """A section's title and help: the protocol's, or the core's defaults, in the handout language."""
    default = DEFAULT_SECTIONS.get(section["key"], {})
    localized = dict(section)
    for field in ("title", "instructions"):
        value = section.get(field) or ""
        if value and value == default.get(field):
            localized[field] = loc.core_text(value, f"section {field}")
        else:
            localized[field] = loc.protocol_text(value, f"section {field}")
    return localized


def _advice(programme: Programme, loc: Localizer, catalogue: Catalogue) -> dict[str, Any]:
    """The programme's rules and safety advice, translated where they still read as the protocol wrote them."""
    text = loc.protocol_text
    pain_rule = dict(programme.pain_rule) if programme.pain_rule else None
    if pain_rule:
        own = is_protocol_wording(pain_rule, programme.protocol_id, catalogue)
        pain_rule["wording"] = printed_wording(pain_rule, text(pain_rule.get("wording"), "pain rule"), own)
    return {
        "pain_rule": pain_rule,
        "referrals": [{**r, "text": text(r.get("text"), "referrals")} for r in programme.referrals or []],
        "schedule": [
            {**e, "when": text(e.get("when"), "schedule"), "what": [text(w, "schedule") for w in e.get("what", [])]}
            for e in programme.schedule or []
        ],
        "progression_rules": [{**r, "text": text(r.get("text"), "progression rules")}
                              for r in programme.progression_rules or []],
        "activity_changes": [text(a, "activity changes") for a in programme.activity_changes],
        "mistakes": [text(m, "mistakes") for m in programme.mistakes],
        "flare_up": [
            {**row, "avoid": text(row.get("avoid"), "flare-up"), "instead": text(row.get("instead"), "flare-up")}
            for row in programme.flare_up
        ],
    }


def own_language_texts(programme: Programme, language: str) -> frozenset[str]:
    """Typed texts the therapist marked as already written in ``language``."""
    return frozenset(programme.own_language.get(language) or [])


def localizer_for(programme: Programme, catalogue: Catalogue, language: str) -> Localizer:
    """A Localizer that knows the programme's protocol, if the protocol is still installed."""
    protocol = catalogue.protocols.get(programme.protocol_id or "")
    phrases = phrasebook(protocol, language) if protocol and language != "en" else {}
    loc = Localizer(language, phrases, programme.protocol_id, own_language_texts(programme, language))
    if language != "en" and not has_catalogue(language):
        loc.fallbacks.append({"text": "clinic", "field": "headings and labels"})
    return loc


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
    loc = localizer_for(programme, catalogue, language)
    exercises = [
        resolve_item(catalogue, item.exercise_id, item.level, item.dosage or {}, item.note,
                     item.section, loc, programme.pain_rule)
        for item in programme.items
        if item.exercise_id in catalogue.exercises
    ]
    missing = [item.exercise_id for item in programme.items if item.exercise_id not in catalogue.exercises]
    section_defs = programme.sections
    sections = [
        {**s, "exercises": [i for i, e in enumerate(exercises) if e["section"] == s["key"]]}
        for s in section_defs
    ]
    known = {s["key"] for s in section_defs}
    stray = [i for i, e in enumerate(exercises) if e["section"] not in known]
    if stray:
        sections.append({"key": "other", "title": loc.core_text(N_("Other exercises"), "section title"),
                         "instructions": "", "exercises": stray})
    sections = [_section(s, loc) for s in sections if s["exercises"]]
    advice = _advice(programme, loc, catalogue)
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
            "title": (loc.core_text(DEFAULT_TITLE, "title") if programme.title == DEFAULT_TITLE
                      else loc.protocol_text(programme.title, "title")),
            "goal": loc.protocol_text(programme.goal, "goal"),
            "protocol_id": programme.protocol_id,
            "protocol_name": loc.protocol_text(programme.protocol_name, "protocol name"),
            "notes": programme.notes,
        },
        "sections": sections,
        "exercises": exercises,
        "missing_exercises": missing,
        **advice,
        # The busiest day of the week (timing.minutes_a_day), not the sum of everything in the programme.
        "total_minutes": minutes_a_day([Dosage.model_validate(e["dosage"]) for e in exercises]).busiest.rounded().high,
        "fallbacks": loc.fallbacks,
        "plugin_versions": {
            p.name: p.version for p in catalogue.plugins if p.name in owners and p.enabled
        },
    }
