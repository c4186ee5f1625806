"""The exercise's cards as the handout prints them, from what is typed, before it is saved.

The typed exercise is laid over the app's catalogue (so a level linking to
another plugin's exercise resolves), put at every rung of its ladder, and made
into a snapshot by the export's own constructor; the handout templates render
it. Nothing is written and no database is read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from flask import render_template
from flask_babel import force_locale

from clinic.catalogue import Catalogue
from clinic.contributor.findings import Finding
from clinic.contributor.preview import every_rung
from clinic.exercise_data import Exercise
from clinic.exercise_data.snapshot import ClinicPart, PatientPart
from clinic.handout.context import handout_context
from clinic.handout.options import HandoutOptions
from clinic.handout.resolve import resolve_content


def with_exercise(catalogue: Catalogue, exercise: Exercise, plugin: str, root: Path) -> Catalogue:
    """``catalogue`` with ``exercise`` added or replaced, its pictures found in ``root``."""
    return replace(
        catalogue,
        exercises=MappingProxyType({**catalogue.exercises, exercise.id: exercise}),
        owners=MappingProxyType({**catalogue.owners, exercise.id: plugin}),
        roots=MappingProxyType({**catalogue.roots, plugin: root}),
    )


def cards_html(catalogue: Catalogue, exercise: Exercise, plugin: str, root: Path,
               options: HandoutOptions, reading: list[Finding] | None = None) -> str:
    """A handout holding only this exercise, once per rung of its ladder, easiest first, under ``reading``'s advice."""
    content = every_rung([exercise], exercise.name)
    snapshot = resolve_content(content, with_exercise(catalogue, exercise, plugin, root), language=options.language,
                               patient=PatientPart(name="Sam Sample"), clinic=ClinicPart(name="Studio preview"))
    with force_locale(options.language):
        # The cards alone, with the handout's own card templates and stylesheet.
        return render_template("studio/_cards.html", reading=reading, **handout_context(snapshot, options))
