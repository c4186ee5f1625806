"""Write an exercise's fields into its TOML file in place: comments, key order and tables kept.

``tomlkit`` edits the parsed document rather than dumping a dictionary, so a
contributor's comments and layout survive, and saving the same values twice
writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table


def read(path: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else tomlkit.document()


def value_item(value: Any) -> Any:
    """A long list as one item a line, so a diff of the file shows which step changed."""
    if isinstance(value, list) and len(value) > 1 and any(len(str(v)) > 30 for v in value):
        array = tomlkit.array()
        array.extend(value)
        return array.multiline(True)
    return value


def apply(document: tomlkit.TOMLDocument, fields: Mapping[str, Any]) -> tomlkit.TOMLDocument:
    """Set each top-level field (before the first table, where TOML needs them); an empty one is removed."""
    for name, value in fields.items():
        if value in ("", [], None):
            if name in document:
                del document[name]
            continue
        if name in document:
            if document[name] != value:
                document[name] = value_item(value)
            continue
        # A new key goes after the existing top-level keys, ahead of any [table].
        tables = [key for key, item in document.items() if isinstance(item, Table) or _is_array_of_tables(item)]
        if tables:
            body = document.body
            index = next(i for i, (key, _) in enumerate(body) if key is not None and key.key in tables)
            while index > 0 and body[index - 1][0] is None:  # stay above the comment that heads the table
                index -= 1
            document._insert_at(index, name, value_item(value))  # noqa: SLF001 - tomlkit's way to place a key
        else:
            document[name] = value_item(value)
    return document


def _is_array_of_tables(item: Any) -> bool:
    return isinstance(item, tomlkit.items.AoT)


def write(path: Path, document: tomlkit.TOMLDocument) -> None:
    text = tomlkit.dumps(document)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
