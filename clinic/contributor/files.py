"""Checks the loader cannot make: that pictures open, are licensed, and that section hooks work.

A picture that exists but is not a real SVG/PNG/JPEG only fails when a handout
is printed, in front of a patient; the checker catches it at contribution time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pluggy

from clinic.catalogue import Catalogue, PluginFault, _as_records, call_each
from clinic.contributor.findings import Finding, error, warning
from clinic.exercise_data import Exercise, HandoutSection
from clinic.exercise_data.snapshot import ClinicPart, HandoutSnapshot, PatientPart
from clinic.handout.resolve import resolve_content
from clinic.models.content import ItemContent, ProgrammeContent

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


def sample_programme(catalogue: Catalogue, name: str) -> HandoutSnapshot:
    """The snapshot production would hand the section hook, for a programme of this plugin's content.

    Its first protocol with every optional exercise when it has one, else each of
    its exercises once; made by the same constructor as a real handout's, so a
    hook is tried on the shape it will be sent.
    """
    protocols = [p for pid, p in catalogue.protocols.items() if pid.startswith(f"{name}.")]
    if protocols:
        content = ProgrammeContent.from_protocol(protocols[0], include_optional=True)
    else:
        own = [eid for eid, owner in catalogue.owners.items() if owner == name]
        content = ProgrammeContent(title="Sample", items=tuple(ItemContent(exercise_id=eid) for eid in own))
    return resolve_content(content, catalogue, patient=PatientPart(name="Sam Sample"),
                           clinic=ClinicPart(name="Sample clinic"), pictures=False)


def check_handout_sections(pm: pluggy.PluginManager, name: str, catalogue: Catalogue) -> list[Finding]:
    """Call the plugin's section hook once with a sample programme, if it implements it."""
    implementers = {impl.plugin_name for impl in pm.hook.clinic_handout_sections.get_hookimpls()}
    if name not in implementers:
        return []
    result = call_each(pm, "clinic_handout_sections", programme=sample_programme(catalogue, name), language="en")[name]
    if isinstance(result, PluginFault):
        return [warning(f"clinic_handout_sections failed on a sample programme: {result}", f"{name}/__init__.py")]
    try:
        _as_records(result, HandoutSection, "clinic_handout_sections")
    except PluginFault as fault:
        return [error(str(fault), f"{name}/__init__.py")]
    return []
