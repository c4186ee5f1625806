"""Write a protocol's typed fields into its TOML file in place, or into a new file in the docs' order.

Top-level fields go through ``toml_file`` (above the first table), the pain
rule is its own ``[pain_rule]`` table and every list of tables is edited row by
row by ``toml_tables``, so comments and layout stay and an unchanged save
writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomlkit

from clinic.studio import toml_file
from clinic.studio.protocol_form import ORDERS, PAIN_ORDER, TOP
from clinic.studio.toml_tables import apply_rows, write_table

# Where a table new to the file goes: the order the shipped protocols use.
TABLES = ("sections", "schedule", "progression_rules", "flare_up", "pain_rule", "referrals", "references")


def apply(document: tomlkit.TOMLDocument, typed: Mapping[str, Any]) -> tomlkit.TOMLDocument:
    """Make ``document`` say what ``typed`` (``protocol_form.read_form``'s answer) says."""
    toml_file.apply(document, {spec.name: typed.get(spec.name, "") for spec in TOP})
    for name in TABLES:
        if name not in typed:
            continue
        if name != "pain_rule":
            apply_rows(document, name, typed[name], ORDERS)
        elif "pain_rule" in document:
            write_table(document, "pain_rule", typed["pain_rule"], PAIN_ORDER)
        else:
            table = tomlkit.table()
            for key in [*PAIN_ORDER, *(k for k in typed["pain_rule"] if k not in PAIN_ORDER)]:
                if key in typed["pain_rule"]:
                    table[key] = toml_file.value_item(typed["pain_rule"][key])
            document["pain_rule"] = table
    return document
