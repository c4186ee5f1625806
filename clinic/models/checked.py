"""Column types that hold only what ProgrammeContent allows, going in and coming out.

Going in, a value is validated and stored in its one normal form, so a bug in
any writer fails at the write instead of at the next reader. Coming out, a row
that is already wrong (written by older code, by hand, or by a restore) is read
as much as can be used: bad entries of a list are left out, a bad dosage field
is dropped, a level outside the ladder's range reads as the base exercise. Each
is logged with what was wrong. Readers (builder, preview, export, FHIR) can
then trust what they get and never answer 500 on what was stored; the row
itself is only rewritten when someone saves that part again.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import JSON, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from clinic.exercise_data import Dosage
from clinic.models.content import (
    DEFAULT_SECTION,
    LEVEL_RANGE,
    SECTION_KEY,
    ProgrammeContent,
    default_sections,
    dosage_override,
)

log = logging.getLogger(__name__)

_LIST_FIELDS = {"referrals", "schedule", "progression_rules", "sections", "activity_changes", "mistakes",
                "flare_up"}


def _problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}".removeprefix(": ")


class _Field:
    """How one column is checked: a pydantic adapter for its type in ProgrammeContent."""

    def __init__(self, name: str) -> None:
        self.name = name
        field = ProgrammeContent.model_fields[name]
        self.whole: TypeAdapter[Any] = TypeAdapter(Annotated[field.annotation, field])
        self.entry = TypeAdapter(field.annotation.__args__[0]) if name in _LIST_FIELDS else None  # type: ignore[union-attr]

    def store(self, value: Any) -> Any:
        return self.whole.dump_python(self.whole.validate_python(value), mode="json")

    def read(self, value: Any) -> Any:
        try:
            return self.store(value)
        except ValidationError as exc:
            problem = _problem(exc)
        if self.entry is None:  # pain_rule, own_language: what cannot be read is left out whole
            log.warning("stored programme %s could not be read (%s); left out", self.name, problem)
            return ProgrammeContent.model_fields[self.name].get_default(call_default_factory=True)
        entries = value if isinstance(value, list) else []
        kept = []
        for entry in entries:
            try:
                kept.append(self.entry.dump_python(self.entry.validate_python(entry), mode="json"))
            except ValidationError:
                continue
        log.warning("stored programme %s could not be read whole (%s); %d unreadable entries left out",
                    self.name, problem, max(len(entries) - len(kept), 1))
        if self.name == "sections" and not kept:
            return [s.model_dump(mode="json") for s in default_sections()]
        return kept


class ContentJSON(TypeDecorator[Any]):
    """A programme's JSON column, checked against its field of ProgrammeContent."""

    impl = JSON
    cache_ok = True

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field = field
        self._checker = _Field(field)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        try:
            return self._checker.store(value)
        except ValidationError as exc:
            raise ValueError(f"programme {self.field} refused: {_problem(exc)}") from None

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return self._checker.read(ProgrammeContent.model_fields[self.field].get_default(call_default_factory=True))
        return self._checker.read(value)


def read_dosage(value: Any) -> dict[str, Any]:
    """A stored dosage override with the fields that cannot be read dropped, or {} if it still fails."""
    data = dict(value) if isinstance(value, dict) else {}
    for _ in range(len(data) + 1):
        try:
            return dosage_override(Dosage.model_validate(data))
        except ValidationError as exc:
            bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
            if not bad & data.keys():
                break
            log.warning("stored dosage field(s) %s could not be read; left out", ", ".join(map(str, bad)))
            data = {k: v for k, v in data.items() if k not in bad}
    return {}


class DosageJSON(TypeDecorator[Any]):
    """An item's dosage override, checked against the Dosage model."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        try:
            return dosage_override(Dosage.model_validate(value or {}))
        except ValidationError as exc:
            raise ValueError(f"dosage refused: {_problem(exc)}") from None

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return read_dosage(value) if value else {}


class LevelInt(TypeDecorator[int]):
    """An item's level: a rung a ladder can have, or the base exercise when the row says otherwise."""

    impl = Integer
    cache_ok = True
    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is not None and not LEVEL_RANGE[0] <= int(value) <= LEVEL_RANGE[1]:
            raise ValueError(f"level {value} refused: a level runs from {LEVEL_RANGE[0]} to {LEVEL_RANGE[1]}")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is not None and not LEVEL_RANGE[0] <= value <= LEVEL_RANGE[1]:
            log.warning("stored level %s is outside %s..%s; read as the base exercise", value, *LEVEL_RANGE)
            return 0
        return value


class SectionKeyStr(TypeDecorator[str]):
    """An item's section key; a row holding something that is no key reads as the default section."""

    impl = String(40)
    cache_ok = True
    _pattern = re.compile(SECTION_KEY)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is not None and not (len(value) <= 40 and self._pattern.match(value)):
            raise ValueError(f"section {value[:40]!r} refused: a section key is lower-case letters, digits and _")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is not None and not self._pattern.match(value):
            log.warning("stored section %r is no section key; read as %s", value[:40], DEFAULT_SECTION)
            return DEFAULT_SECTION
        return value
