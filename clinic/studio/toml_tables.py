"""Edit lists of TOML tables (``[[levels]]``, ``[[sections]]`` and their ``[[sections.items]]``) in place.

A row keeps its table (and the comments inside it); only the keys whose value
changed are rewritten, so saving what the file already says writes the same
bytes. A new row is a new table after the last one, a removed row's table
goes, and small tables (a dosage change, a picture) are the one-line inline
tables the docs use. ``orders`` names, for each list of tables, the order a
new table's keys are written in (the order of the docs' table); a key that is
itself in ``orders`` holds a nested list of tables, edited the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, InlineTable, Table, Whitespace

from clinic.studio.toml_file import value_item

Orders = Mapping[str, Sequence[str]]
Rows = Sequence[Mapping[str, Any] | None]


def inline_table(value: Mapping[str, Any]) -> Any:
    """A one-line table spelt as the docs spell it: ``{ reps = [8, 12], side = "each_side" }``."""
    return tomlkit.parse(f"v = {_inline_text(value)}\n")["v"]


def _inline_text(value: Mapping[str, Any]) -> str:
    """A small table (a tempo inside a dosage too) as inline TOML text."""
    pairs = ", ".join(f"{key} = {_inline_text(part) if isinstance(part, Mapping) else tomlkit.item(part).as_string()}"
                      for key, part in value.items())
    return f"{{ {pairs} }}" if pairs else "{}"


def item(value: Any) -> Any:
    return inline_table(value) if isinstance(value, Mapping) else value_item(value)


def plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def set_key(table: Any, name: str, value: Any) -> None:
    """Set one key; a small table whose keys stay the same is changed value by value, keeping its spelling."""
    current = table[name]
    if isinstance(value, Mapping) and isinstance(current, InlineTable) and set(current) == set(value):
        for key, part in value.items():
            if plain(current.get(key)) != part:
                current[key] = part
    else:
        table[name] = item(value)


def place_key(table: Table, name: str, value: Any, order: Sequence[str]) -> None:
    """Add a key a table lacks after the keys ``order`` lists before it, above any comment that trails the table."""
    position = list(order).index(name) if name in order else len(order)
    before = set(order[:position])
    body = table.value.body
    places = [i for i, (key, _) in enumerate(body) if key is not None and (key.key in before or name not in order)]
    index = places[-1] + 1 if places else 0
    if index >= len(body):  # nothing after it: tomlkit inserts only before an existing item
        table[name] = item(value)
    else:
        table.value._insert_at(index, name, item(value))  # noqa: SLF001 - tomlkit's way to place a key


def plain_rows(rows: Rows, orders: Orders) -> list[dict[str, Any]]:
    """The kept rows as plain data (removed ones dropped, nested lists too), for validation."""
    return [{key: plain_rows(value, orders) if key in orders else value for key, value in row.items()}
            for row in rows if row is not None]


def _edit(table: Table, row: Mapping[str, Any], order: Sequence[str], orders: Orders) -> None:
    """Change only what differs; a new key goes where ``place_key`` puts it."""
    for name in [key for key in table if key not in row]:
        del table[name]
    for name in [*order, *(key for key in row if key not in order)]:
        if name not in row:
            continue
        value = row[name]
        if name in orders:
            apply_rows(table, name, value, orders)
        elif name in table:
            if plain(table[name]) != value:
                set_key(table, name, value)
        else:
            place_key(table, name, value, order)


def _new_table(row: Mapping[str, Any], order: Sequence[str], orders: Orders) -> Table:
    table = tomlkit.table()
    for name in [*order, *(key for key in row if key not in order)]:
        if name not in row:
            continue
        if name in orders:
            apply_rows(table, name, row[name], orders)
        else:
            table[name] = item(row[name])
    return table


def _move_trailing_lines(source: Table, target: Table) -> None:
    """Comments after a table's last key head what follows it in the file: keep them above that."""
    body = source.value.body
    trailing = []
    while body and body[-1][0] is None:
        trailing.insert(0, body.pop()[1])
    if trailing:  # tomlkit itself puts a blank line between tables that end without one
        source.add(tomlkit.nl())
    for line in trailing:
        target.add(tomlkit.ws(line.as_string()) if isinstance(line, Whitespace) else line)


def apply_rows(container: Any, name: str, rows: Rows, orders: Orders) -> None:
    """Make ``container[name]`` hold ``rows``: one per table in the file's order, ``None`` for a row removed."""
    order = orders[name]
    tables = container.get(name)
    existing: list[Table] = list(tables) if isinstance(tables, AoT) else []
    gone = [i for i, row in enumerate(rows[:len(existing)]) if row is None]
    for index, row in enumerate(rows[:len(existing)]):
        if row is not None:
            _edit(existing[index], row, order, orders)
    added = [_new_table(row, order, orders) for row in rows[len(existing):] if row is not None]
    if len(gone) == len(existing) and not added:
        if name in container:
            del container[name]
        return
    if not existing:
        body = container.value.body if isinstance(container, Table) else container.body
        if body and body[-1][0] is not None:  # a blank line above the new tables
            container.add(tomlkit.nl())
        container[name] = tomlkit.aot()
    aot = container[name]
    for index in reversed(gone):
        del aot[index]
    for table in added:
        before = aot[-1] if len(aot) else None
        aot.append(table)
        if before is not None:
            _move_trailing_lines(before, aot[-1])  # aot keeps its own copy of the table


def write_table(document: Any, name: str, value: Mapping[str, Any], order: Sequence[str] = ()) -> None:
    """Make the file's ``name`` table (``[dosage]``, or ``dosage = { ... }``) hold ``value``, key by key in place."""
    current = document.get(name)
    if not isinstance(current, Table):
        if plain(current) != value:
            if current is None:
                document[name] = item(value)
            else:
                set_key(document, name, value)
        return
    for key in [key for key in current if key not in value]:
        del current[key]
    for key, part in value.items():
        if key not in current:
            place_key(current, key, part, order)
        elif plain(current[key]) != part:
            set_key(current, key, part)
