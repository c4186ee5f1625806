"""JSON from outside (an uploaded file, a form field) read so that it cannot fail later, at the database.

PostgreSQL cannot store a NUL character in text, and ``json.loads`` turns the
escape ``\\u0000`` into one; it also accepts ``NaN`` and ``Infinity``, which no
column holds. Both are refused here, before any model or query sees the value,
so the person gets a message instead of a 500 after the work was done.
"""

from __future__ import annotations

import json
from typing import Any


class UntrustedJsonError(ValueError):
    """The text is not JSON we can store; the message names the reason."""


class HoldsNul(UntrustedJsonError):
    """A NUL character (written ``\\u0000``) in a string of the JSON."""


def has_nul(value: Any) -> bool:
    """True when a NUL character is in any string of a decoded JSON value, keys included."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


class TooManyValues(UntrustedJsonError):
    """More values than the caller allows: parsing it would take memory out of proportion to its size."""


def values_at_most(raw: bytes) -> int:
    """An upper bound on how many values parsing ``raw`` creates, counted without parsing it.

    Every value but the first follows a comma or a colon or opens a container,
    so this count (which includes commas inside strings) can only be too high.
    ``bytes.count`` runs in C: a 50 MB file is counted in tens of milliseconds,
    where parsing ``[{},{},...]`` of that size takes gigabytes.
    """
    return 1 + sum(raw.count(mark) for mark in (b",", b":", b"[", b"{"))


def _refuse_constant(name: str) -> Any:
    raise UntrustedJsonError(f"{name} is not a number that can be stored")


def loads(text: str | bytes, max_values: int | None = None) -> Any:
    """``json.loads`` without NaN, Infinity or NUL characters; bad JSON raises ``ValueError`` as usual.

    With ``max_values``, a text that could hold more values is refused before it is parsed.
    """
    if max_values is not None:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        if values_at_most(raw) > max_values:
            raise TooManyValues(f"more than {max_values} values")
    value = json.loads(text, parse_constant=_refuse_constant)
    if has_nul(value):
        raise HoldsNul("the text holds a NUL character")
    return value
