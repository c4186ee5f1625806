"""A pytest plugin for plugin authors: the contract check and its fixtures.

Registered through the ``pytest11`` entry point, so a plugin's own tests get it
just by having clinic installed. The fixtures are prefixed ``clinic_`` because
they are visible in every suite that has clinic installed, clinic's own too.

The contract is what clinic needs to load a plugin and print its exercises:
the checker's errors. Its warnings (reading level, missing levels...) are
advice and never fail a test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from clinic.contributor.check import PluginCheck, check_plugin
from clinic.exercise_data import Exercise, Protocol


@dataclass(frozen=True)
class LoadedPlugin:
    """One plugin as a fresh plugin manager loaded it: its records and what is wrong."""

    name: str
    root: Path
    exercises: dict[str, Exercise]
    protocols: dict[str, Protocol]
    problems: list[str]
    warnings: list[str]
    check: PluginCheck


def check_plugin_contract(path: str | Path, plugin_dirs: Iterable[str | Path] | None = None) -> list[str]:
    """Every contract problem of the plugin folder at ``path``, as plain sentences; [] if none."""
    return [str(finding) for finding in check_plugin(path, plugin_dirs).errors]


def assert_plugin_contract(path: str | Path, plugin_dirs: Iterable[str | Path] | None = None) -> None:
    """Fail with every problem listed (not just the first), so one run shows all the fixes."""
    problems = check_plugin_contract(path, plugin_dirs)
    if problems:
        listed = "\n".join(f"  {n}. {p}" for n, p in enumerate(problems, 1))
        raise AssertionError(f"the plugin at {path} breaks clinic's plugin contract:\n{listed}")


def load_plugin(path: str | Path, plugin_dirs: Iterable[str | Path] | None = None) -> LoadedPlugin:
    check = check_plugin(path, plugin_dirs)
    return LoadedPlugin(
        name=check.name,
        root=check.root,
        exercises=dict(check.exercises),
        protocols=dict(check.protocols),
        problems=[str(f) for f in check.errors],
        warnings=[str(f) for f in check.warnings],
        check=check,
    )


def find_plugin_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that looks like a plugin (has plugin.toml)."""
    for folder in [start, *start.parents]:
        if (folder / "plugin.toml").is_file() and (folder / "__init__.py").is_file():
            return folder
    return None


@pytest.fixture
def clinic_plugin_path(request: pytest.FixtureRequest) -> Path:
    """The plugin folder holding the test file (or the rootdir); override it to test another."""
    found = find_plugin_root(Path(request.path).resolve().parent)
    return found or request.config.rootpath


@pytest.fixture
def clinic_plugin(clinic_plugin_path: Path) -> LoadedPlugin:
    """The plugin at ``clinic_plugin_path``, loaded by a fresh plugin manager."""
    return load_plugin(clinic_plugin_path)
