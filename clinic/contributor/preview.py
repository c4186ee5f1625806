"""Print a plugin's cards, or a sample handout of its protocol, straight from its folder.

A contributor wants to see an exercise as the patient will, before anything is
installed or saved in a database: the folder is loaded the way ``check-plugin``
loads it (beside the app's other plugins, so borrowed exercises resolve), the
chosen content is made into a snapshot by the same constructor an export uses,
and rendered by the same templates.
"""

from __future__ import annotations

from collections.abc import Iterable

from clinic.contributor.check import PluginCheck
from clinic.exercise_data import Exercise
from clinic.exercise_data.snapshot import ClinicPart, HandoutSnapshot, PatientPart
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.handout.resolve import resolve_content
from clinic.models.content import ItemContent, ProgrammeContent, SectionDef, default_sections
from clinic.services.programmes import DEFAULT_SECTIONS, section_for_kind

SAMPLE_PATIENT = PatientPart(name="Sam Sample")
SAMPLE_CLINIC = ClinicPart(name="Preview: not for patients")


class PreviewError(ValueError):
    """What to print cannot be found; the message names what was asked for and what exists."""


def _exercise_id(check: PluginCheck, wanted: str) -> str:
    full = wanted if "." in wanted else f"{check.name}.{wanted}"
    if full not in check.exercises:
        known = ", ".join(sorted(e.split(".", 1)[1] for e in check.exercises)) or "none"
        raise PreviewError(f"the plugin '{check.name}' has no exercise '{wanted}' (it has: {known})")
    return full


def every_rung(exercises: Iterable[Exercise], title: str) -> ProgrammeContent:
    """Each exercise at each step of its ladder, easiest first, grouped by kind like a new programme."""
    items = [ItemContent(exercise_id=exercise.id, level=step, section=section_for_kind(exercise.kind))
             for exercise in exercises for step in exercise.ladder()]
    used = {item.section for item in items}
    sections = tuple(SectionDef(key=key, **texts) for key, texts in DEFAULT_SECTIONS.items() if key in used)
    return ProgrammeContent(title=title, items=tuple(items), sections=sections or default_sections())


def preview_content(check: PluginCheck, exercises: Iterable[str] = (), protocol: str | None = None) -> ProgrammeContent:
    """The protocol with all its optional exercises, the named exercises, or else every exercise."""
    if protocol is not None:
        full = protocol if "." in protocol else f"{check.name}.{protocol}"
        if full not in check.protocols:
            known = ", ".join(sorted(p.split(".", 1)[1] for p in check.protocols)) or "none"
            raise PreviewError(f"the plugin '{check.name}' has no protocol '{protocol}' (it has: {known})")
        return ProgrammeContent.from_protocol(check.protocols[full], include_optional=True)
    ids = [_exercise_id(check, wanted) for wanted in exercises] or sorted(check.exercises)
    if not ids:
        raise PreviewError(f"the plugin '{check.name}' has no exercises to print")
    return every_rung((check.exercises[i] for i in ids), f"Preview of {check.name}")


def preview_snapshot(check: PluginCheck, content: ProgrammeContent, language: str = "en") -> HandoutSnapshot:
    if check.catalogue is None:
        raise PreviewError(f"the plugin '{check.name}' did not load")
    return resolve_content(content, check.catalogue, language=language, patient=SAMPLE_PATIENT,
                           clinic=SAMPLE_CLINIC)


def preview_pdf(check: PluginCheck, content: ProgrammeContent, options: HandoutOptions) -> bytes:
    """The PDF of ``content``; the log sheet is left out unless a whole protocol is printed."""
    return render_pdf(preview_snapshot(check, content, options.language), options)
