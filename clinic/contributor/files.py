"""Checks the loader cannot make: that pictures open, are licensed, and that section hooks work.

A picture that exists but is not a real SVG/PNG/JPEG only fails when a handout
is printed, in front of a patient; the checker catches it at contribution time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pluggy

from clinic.catalogue import PluginFault, _as_records, call_each
from clinic.contributor.findings import Finding, error, warning
from clinic.exercise_data import Exercise, HandoutSection, describe_dosage

PICTURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}
PLACEHOLDER_LICENCES = {"unknown", "todo", "tbd", "none", "?", "n/a", "na", "-", "licence", "license"}
SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


def _picture_opens(path: Path) -> str | None:
    """Return why the file is not a usable picture, or None when it is."""
    if path.suffix.lower() == ".svg":
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            return f"is not a valid SVG file ({exc})"
        return None if root.tag.endswith("svg") else "is an XML file but not an SVG drawing"
    signature = SIGNATURES.get(path.suffix.lower())
    if signature and path.read_bytes()[: len(signature)] != signature:
        return f"is not really a {path.suffix.lstrip('.').upper()} file"
    return None


def check_pictures(root: Path, exercises: Iterable[Exercise], all_loaded: bool = True) -> list[Finding]:
    """Broken picture files are errors; pictures nobody licenses are warnings."""
    findings: list[Finding] = []
    named: set[Path] = set()
    for exercise in exercises:
        display = f"{root.name}/exercises/{exercise.id.split('.', 1)[1]}.toml"
        pictures = list(exercise.pictures) + [lv.picture for lv in exercise.levels if lv.picture]
        for picture in pictures:
            path = (root / picture.file).resolve()
            named.add(path)
            if path.is_file() and (why := _picture_opens(path)):
                findings.append(error(f"the picture {picture.file} {why}", display, "pictures.file"))
            if picture.licence.strip().lower() in PLACEHOLDER_LICENCES:
                findings.append(
                    warning(
                        f"the picture {picture.file} has no real licence ('{picture.licence}'); "
                        "give one such as CC0-1.0 or CC-BY-4.0",
                        display,
                        "pictures.licence",
                    )
                )
    folder = root / "pictures"
    for path in sorted(folder.rglob("*")) if folder.is_dir() and all_loaded else []:
        if path.suffix.lower() in PICTURE_SUFFIXES and path.resolve() not in named:
            findings.append(
                warning(
                    "no exercise uses this picture, so it has no licence or author on record; "
                    "name it in an exercise or delete it",
                    f"{root.name}/{path.relative_to(root)}",
                )
            )
    return findings


def _sample_exercise(exercise: Exercise) -> dict:
    return {
        "id": exercise.id, "shown_id": exercise.id, "plugin": exercise.plugin_namespace, "section": "strength",
        "kind": exercise.kind, "targets": list(exercise.targets), "equipment": list(exercise.equipment),
        "name": exercise.name, "base_name": exercise.name, "steps": list(exercise.steps),
        "dosage": exercise.dosage.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "dosage_text": describe_dosage(exercise.dosage), "minutes": exercise.dosage.estimated_minutes(),
        "note": None, "references": [r.citation for r in exercise.references],
    }


def sample_programme(exercises: list[Exercise]) -> dict:
    """A small programme shaped like ``resolve_programme``'s, to call the section hook with.

    Built here rather than by resolving a real programme, which needs a database.
    """
    items = [_sample_exercise(e) for e in exercises]
    return {
        "schema": 1, "language": "en", "date": "2025-01-01",
        "patient": {"name": "Sam Sample", "reference": ""},
        "clinic": {"name": "Sample clinic", "phone": "", "address": "", "logo": None},
        "therapist": {"name": ""},
        "programme": {"id": 0, "version": 1, "title": "Sample", "goal": "", "protocol_id": None,
                      "protocol_name": None, "notes": ""},
        "sections": [{"key": "strength", "title": "Strength", "instructions": "",
                      "exercises": list(range(len(items)))}],
        "exercises": items,
        "missing_exercises": [],
        "total_minutes": round(sum(item["minutes"] for item in items), 1),
        "fallbacks": [],
    }


def check_handout_sections(pm: pluggy.PluginManager, name: str, exercises: list[Exercise]) -> list[Finding]:
    """Call the plugin's section hook once with a sample programme, if it implements it."""
    implementers = {impl.plugin_name for impl in pm.hook.clinic_handout_sections.get_hookimpls()}
    if name not in implementers:
        return []
    result = call_each(pm, "clinic_handout_sections", programme=sample_programme(exercises), language="en")[name]
    if isinstance(result, PluginFault):
        return [warning(f"clinic_handout_sections failed on a sample programme: {result}", f"{name}/__init__.py")]
    try:
        _as_records(result, HandoutSection, "clinic_handout_sections")
    except PluginFault as fault:
        return [error(str(fault), f"{name}/__init__.py")]
    return []
