"""Write the ladder's rungs into the exercise file's ``[[levels]]`` tables, each edited in place.

The editing is ``toml_tables``'s (comments kept, unchanged keys untouched); this
module knows only the order the docs' Level table lists a rung's keys in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import Table

from clinic.studio import toml_tables
from clinic.studio.toml_tables import inline_table, write_table

__all__ = ["KEY_ORDER", "apply", "inline_table", "place_key", "write_table"]

# The order a new rung's keys are written in: the order of the docs' Level table.
KEY_ORDER = ("step", "name", "exercise", "criterion", "summary", "starting_position", "steps", "feel",
             "mistakes", "cautions", "dosage", "picture")


def place_key(table: Table, name: str, value: Any) -> None:
    """Add a key a rung lacks where the docs' order puts it."""
    toml_tables.place_key(table, name, value, KEY_ORDER)


def apply(document: tomlkit.TOMLDocument, levels: Sequence[Mapping[str, Any] | None]) -> tomlkit.TOMLDocument:
    """Make ``document``'s levels ``levels``: one per table in the file's order, ``None`` for a rung removed."""
    toml_tables.apply_rows(document, "levels", levels, {"levels": KEY_ORDER})
    return document
