"""One problem or piece of advice about a plugin, said the way a clinician can act on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from clinic.exercise_data.loader import DataProblem

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """Where (file, line, field) and what; errors stop the plugin loading, warnings do not."""

    severity: Severity
    message: str
    file: str = ""
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    @classmethod
    def from_problem(cls, problem: DataProblem) -> Finding:
        return cls("error", problem.message, problem.file, problem.field, problem.line)


def error(message: str, file: str = "", field: str = "", line: int | None = None) -> Finding:
    return Finding("error", message, file, field, line)


def warning(message: str, file: str = "", field: str = "", line: int | None = None) -> Finding:
    return Finding("warning", message, file, field, line)


def line_of(text: str, snippet: str) -> int | None:
    """The line where a value first appears in a file, so a warning can point at it."""
    if not text or not snippet:
        return None
    needle = snippet[:40]
    index = text.find(needle)
    if index < 0:
        # TOML escapes quotes; match on the words alone.
        words = re.escape(re.sub(r"[\"'\\]", "", needle)[:20])
        match = re.search(words, text) if words else None
        index = match.start() if match else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else None
