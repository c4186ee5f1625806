"""Say what is wrong in an uploaded file in words its uploader can act on.

Both importers (programme file, patient record) validate with the same
models, so they share one way of naming where a problem is ("programme 1,
exercise 2, dosage, sets") and what it is, in the page language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from pydantic import ValidationError

# A list in the file, and how one of its entries is called: "exercise 2", "handout 1".
_ENTRY_NAMES = {
    "programmes": lambda n: gettext("programme %(number)d", number=n),
    "items": lambda n: gettext("exercise %(number)d", number=n),
    "handouts": lambda n: gettext("handout %(number)d", number=n),
}


def where(location: tuple[int | str, ...]) -> str:
    """``("programmes", 0, "items", 1, "dosage", "sets")`` as "programme 1, exercise 2, dosage, sets"."""
    words: list[str] = []
    for index, part in enumerate(location):
        if isinstance(part, int):
            container = location[index - 1] if index else ""
            name = _ENTRY_NAMES.get(str(container))
            if name and words and words[-1] == container:
                words[-1] = name(part + 1)
            else:
                words.append(gettext("line %(number)d", number=part + 1))
        else:
            words.append(str(part))
    return ", ".join(words)


def _what(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return gettext("is missing")
    if kind == "extra_forbidden":
        return gettext("is not something clinic can store here")
    if kind in ("greater_than_equal", "less_than_equal"):
        return gettext("must be %(low)s or more", low=ctx["ge"]) if "ge" in ctx else \
            gettext("must be %(high)s or less", high=ctx["le"])
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return gettext("must be a whole number")
    if kind in ("string_too_long", "too_long"):
        return gettext("is too long (at most %(limit)s)", limit=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return gettext("must be lower-case letters, digits and _ (such as strength)")
    if kind in ("tuple_type", "list_type"):
        return gettext("must be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return gettext("must be a group of named fields")
    if kind == "literal_error":
        return gettext("must be one of %(choices)s", choices=ctx.get("expected", ""))
    return str(error["msg"]).removeprefix("Value error, ")


def describe(exc: ValidationError, limit: int = 10) -> list[str]:
    """One sentence per problem (at most ``limit``), each naming where it is."""
    errors = exc.errors()
    deeper = [tuple(e["loc"]) for e in errors]
    # a list too short only because its entries were refused says nothing new: keep the entries' errors
    errors = [e for e in errors if not any(len(d) > len(e["loc"]) and d[:len(e["loc"])] == tuple(e["loc"])
                                           for d in deeper)]
    sentences = []
    for error in errors[:limit]:
        place = where(tuple(p for p in error["loc"] if not str(p).startswith("function-")))
        sentences.append(f"{place}: {_what(error)}" if place else _what(error))
    return sentences
