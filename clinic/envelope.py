"""One envelope for every document clinic writes to be read again: ``format`` and ``schema``.

A programme file, a patient record and a handout snapshot each start with
``{"format": "clinic.<kind>", "schema": <n>}``: the format says what the
document is, the schema which layout of it. A reader names the layouts it
still accepts and how each is brought up to date, one step at a time, so a
document written by any earlier version reads as the current layout and the
current models are the only judge of what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


class EnvelopeError(ValueError):
    """The document is not of this format (``schema`` is None), or of a schema this version cannot read."""

    def __init__(self, schema: Any = None) -> None:
        self.schema = schema
        super().__init__("not this format" if schema is None else f"schema {schema!r} cannot be read")


@dataclass(frozen=True)
class Envelope:
    """A document format: its name, the schema this code writes, and how older schemas are read."""

    format: str
    schema: int
    upgrades: Mapping[int, Upgrade] = field(default_factory=dict)
    """``upgrades[n]`` turns a schema-``n`` body into a schema-``n + 1`` body."""
    former_names: tuple[str, ...] = ()
    """Names the format was written under before (older files keep them)."""
    former_schema_key: str | None = None
    """The key older files gave the schema under (``version`` in early patient records)."""
    unstated_schema: int | None = None
    """The schema of a document that does not say (early programme files could leave it out)."""
    unnamed_schemas: tuple[int, ...] = ()
    """Schemas written before the format had a name: a document of one of them may carry no ``format``."""

    def wrap(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The document: the envelope first, then the body."""
        return {"format": self.format, "schema": self.schema, **body}

    def _named(self, data: dict[str, Any]) -> bool:
        if "format" not in data:
            return data.get("schema") in self.unnamed_schemas
        return data["format"] in (self.format, *self.former_names)

    def open(self, data: Any) -> dict[str, Any]:
        """The body of ``data`` brought up to the current schema, without the envelope."""
        if not isinstance(data, dict) or not self._named(data):
            raise EnvelopeError()
        body = dict(data)
        body.pop("format", None)
        schema = body.pop("schema", None)
        if schema is None and self.former_schema_key:
            schema = body.pop(self.former_schema_key, None)
        if schema is None:
            schema = self.unstated_schema
        if isinstance(schema, bool) or not isinstance(schema, int) or not 1 <= schema <= self.schema:
            raise EnvelopeError(schema if schema is not None else "none")
        for step in range(schema, self.schema):
            body = self.upgrades[step](body)
        return body
