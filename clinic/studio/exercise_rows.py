"""The exercise form's pictures and references: rows of boxes, as the docs' Picture and Reference tables.

They are edited as the protocol form edits its lists (``row_groups``), in place
in the file (``toml_tables``). A picture file must exist in the plugin folder
before a save, or the plugin would not load.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clinic.exercise_data import Exercise
from clinic.exercise_data.loader import check_picture_files
from clinic.i18n import N_
from clinic.studio.form import FormField
from clinic.studio.row_groups import Exercises, Group, box_name, finding_loc, group_values, placed, read_rows

REFERENCE_FIELDS: tuple[FormField, ...] = (
    FormField("citation", N_("Citation"), "long", N_("Authors, title, journal, year."), True),
    FormField("url", N_("Address"), "text", N_("A link to it, if there is one.")),
    FormField("supports", N_("What it supports"), "long", N_("Which dose or advice it backs.")),
)
REFERENCE_ORDER = ("citation", "url", "supports")

PICTURES = Group("pictures", N_("Pictures"), N_("At least one; the first is printed. Pose the exercise's picture to "
                                                 "draw one."), N_("Picture"), (
    FormField("file", N_("Picture file"), "text",
              N_("Inside the plugin folder, ending .svg, .png, .jpg or .jpeg: pictures/bridge.svg."), True),
    FormField("alt", N_("Picture description"), "long",
              N_("What a screen reader says: describe the position, not the file."), True),
    FormField("licence", N_("Picture licence"), "text", N_("Such as CC0-1.0 or CC-BY-4.0."), True),
    FormField("author", N_("Picture author"), "text", N_("Who made it."), True),
    FormField("caption", N_("Picture caption"), "text", N_("A short line printed under the picture.")),
), ("file", "alt", "licence", "author", "caption"))
REFERENCES = Group("references", N_("References"), N_("Where the dose comes from."), N_("Reference"),
                   REFERENCE_FIELDS, REFERENCE_ORDER)
ROWS = (PICTURES, REFERENCES)
ORDERS = {g.name: g.order for g in ROWS}
NO_EXERCISES = Exercises({}, "")  # these rows pick no exercise


def row_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The boxes of the exercise file's pictures and references."""
    values: dict[str, str] = {}
    for group in ROWS:
        values |= group_values(group, data.get(group.name) or (), "")
    return values


def read(form: Mapping[str, str], data: Mapping[str, Any]) -> dict[str, list[dict[str, Any] | None]]:
    """The typed rows per table of the file (``None`` once removed), for each list the form shows."""
    rows = {}
    for group in ROWS:
        typed = read_rows(form, group, data.get(group.name) or (), "", NO_EXERCISES)
        if typed is not None:
            rows[group.name] = typed
    return rows


def where(loc: tuple[Any, ...], values: Mapping[str, str]) -> str | None:
    """The box or row a message about ``loc`` belongs beside, when ``loc`` is in a picture or reference."""
    if not loc or loc[0] not in ORDERS:
        return None
    return placed(box_name(loc), values, ROWS)


def missing_pictures(folder: Path, exercise: Exercise, values: Mapping[str, str]) -> dict[str, str]:
    """A picture file the folder lacks, beside its box; a level's is named by the level's own box."""
    errors = {}
    for problem in check_picture_files(folder.resolve(), exercise, "", ""):
        loc = finding_loc(problem.field)
        key = where(loc, values) or f"levels-{loc[1]}-picture_file"
        errors.setdefault(key, problem.message)
    return errors
