"""Write the ladder's rungs into the exercise file's ``[[levels]]`` tables, each edited in place.

A rung keeps its table (and the comments inside it); only the keys whose value
changed are rewritten, so saving what the file already says writes the same
bytes. A new rung is a new table after the last one, a removed rung's table
goes, and dosage changes and pictures are the one-line inline tables the docs use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, InlineTable, Table, Whitespace

from clinic.studio.toml_file import value_item

# The order a new rung's keys are written in: the order of the docs' Level table.
KEY_ORDER = ("step", "name", "exercise", "criterion", "summary", "starting_position", "steps", "feel",
             "mistakes", "cautions", "dosage", "picture")


def inline_table(value: Mapping[str, Any]) -> Any:
    """A one-line table spelt as the docs spell it: ``{ reps = [8, 12], side = "each_side" }``."""
    pairs = ", ".join(f"{key} = {tomlkit.item(item).as_string()}" for key, item in value.items())
    return tomlkit.parse(f"v = {{ {pairs} }}\n" if pairs else "v = {}\n")["v"]


def _item(value: Any) -> Any:
    return inline_table(value) if isinstance(value, Mapping) else value_item(value)


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _set(table: Any, name: str, value: Any) -> None:
    """Set one key; a small table whose keys stay the same is changed value by value, keeping its spelling."""
    current = table[name]
    if isinstance(value, Mapping) and isinstance(current, InlineTable) and set(current) == set(value):
        for key, item in value.items():
            if _plain(current.get(key)) != item:
                current[key] = item
    else:
        table[name] = _item(value)


def place_key(table: Table, name: str, value: Any) -> None:
    """Add a key a rung lacks after the keys the docs list before it, above any comment that trails the table."""
    position = KEY_ORDER.index(name) if name in KEY_ORDER else len(KEY_ORDER)
    before = set(KEY_ORDER[:position])
    body = table.value.body
    places = [i for i, (key, _) in enumerate(body) if key is not None and (key.key in before or name not in KEY_ORDER)]
    index = places[-1] + 1 if places else 0
    if index >= len(body):  # nothing after it: tomlkit inserts only before an existing item
        table[name] = _item(value)
    else:
        table.value._insert_at(index, name, _item(value))  # noqa: SLF001 - tomlkit's way to place a key


def _edit(table: Table, level: Mapping[str, Any]) -> None:
    """Change only what differs; a new key goes where ``place_key`` puts it."""
    for name in [key for key in table if key not in level]:
        del table[name]
    for name in KEY_ORDER:
        if name not in level:
            continue
        if name in table:
            if _plain(table[name]) != level[name]:
                _set(table, name, level[name])
        else:
            place_key(table, name, level[name])


def _new_table(level: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for name in KEY_ORDER:
        if name in level:
            table[name] = _item(level[name])
    return table


def _move_trailing_lines(source: Table, target: Table) -> None:
    """Comments after a table's last key head what follows it in the file: keep them above that."""
    body = source.value.body
    trailing = []
    while body and body[-1][0] is None:
        trailing.insert(0, body.pop()[1])
    source.add(tomlkit.nl())
    for item in trailing:
        target.add(tomlkit.ws(item.as_string()) if isinstance(item, Whitespace) else item)


def apply(document: tomlkit.TOMLDocument, levels: Sequence[Mapping[str, Any] | None]) -> tomlkit.TOMLDocument:
    """Make ``document``'s levels ``levels``: one per table in the file's order, ``None`` for a rung removed."""
    tables = document.get("levels")
    existing: list[Table] = list(tables) if isinstance(tables, AoT) else []
    gone = [i for i, level in enumerate(levels[:len(existing)]) if level is None]
    for index, level in enumerate(levels[:len(existing)]):
        if level is not None:
            _edit(existing[index], level)
    added = [_new_table(level) for level in levels[len(existing):] if level is not None]
    if len(gone) == len(existing) and not added:
        if "levels" in document:
            del document["levels"]
        return document
    if not existing:
        document["levels"] = tomlkit.aot()
    aot = document["levels"]
    for index in reversed(gone):
        del aot[index]
    for table in added:
        before = aot[-1] if len(aot) else None
        aot.append(table)
        if before is not None:
            _move_trailing_lines(before, aot[-1])  # aot keeps its own copy of the table
    return document


def write_table(document: tomlkit.TOMLDocument, name: str, value: Mapping[str, Any]) -> None:
    """Make the file's ``name`` table (``[dosage]``, or ``dosage = { ... }``) hold ``value``, key by key in place."""
    current = document.get(name)
    if not isinstance(current, Table):
        if _plain(current) != value:
            if current is None:
                document[name] = _item(value)
            else:
                _set(document, name, value)
        return
    for key in [key for key in current if key not in value]:
        del current[key]
    for key, item in value.items():
        if key not in current:
            place_key(current, key, item)
        elif _plain(current[key]) != item:
            _set(current, key, item)
