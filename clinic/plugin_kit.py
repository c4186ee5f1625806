"""What a plugin imports: the hook marker, the data types and a data-folder reader.

Kept apart from the core's internals so that a plugin depends on this module
alone and the core may change behind it.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import tomli

from clinic.exercise_data import Exercise, HandoutSection, NamedItems, OutcomeScale, Protocol, ScaleQuestion
from clinic.exercise_data.loader import load_exercises, load_protocols
from clinic.hookspecs import hookimpl

__all__ = ["DataFolder", "Exercise", "HandoutSection", "NamedItems", "OutcomeScale", "Protocol", "ScaleQuestion",
           "hookimpl"]


class DataFolder:
    """The data files of one plugin folder, read once, on first use.

    Reading lazily means a syntax error in a data file surfaces when the core
    calls the hook, where it is caught and reported against this plugin.
    """

    def __init__(self, init_file: str | Path):
        self.root = Path(init_file).resolve().parent

    @cached_property
    def meta(self) -> dict:
        path = self.root / "plugin.toml"
        return tomli.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    @property
    def namespace(self) -> str:
        return str(self.meta.get("name", self.root.name))

    @cached_property
    def _exercises(self) -> tuple[Exercise, ...]:
        return tuple(load_exercises(self.root, self.namespace))

    @cached_property
    def _protocols(self) -> tuple[Protocol, ...]:
        return tuple(load_protocols(self.root, self.namespace))

    def exercises(self) -> list[Exercise]:
        return list(self._exercises)

    def protocols(self) -> list[Protocol]:
        return list(self._protocols)
