"""Check one plugin folder exactly as the app would load it, and collect every finding.

The plugin is loaded by a fresh plugin manager holding the built-in plugins,
the in-repo plugin folders and the installed plugins (so references to another
plugin's exercises resolve), with the checked folder first so it wins over an
installed copy of itself. Its data files are also read directly, which yields
every problem with file, field and line rather than only the first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from clinic.catalogue import Catalogue, build_catalogue
from clinic.config import Defaults
from clinic.contributor import advice, files, protocol_load, references
from clinic.contributor.findings import Finding, error, line_of, warning
from clinic.exercise_data import Exercise, Protocol
from clinic.exercise_data.base import SLUG_PATTERN
from clinic.exercise_data.loader import PluginDataError, load_exercises, load_protocols, read_toml
from clinic.plugin_loader import (
    Candidate,
    PluginRecord,
    api_requirement_problem,
    builtin_candidates,
    entry_point_candidates,
    folder_candidates,
    make_plugin_manager,
    register_plugins,
)


@dataclass
class PluginCheck:
    """What the checker found in one plugin folder, and what the plugin provides."""

    root: Path
    name: str
    findings: list[Finding] = field(default_factory=list)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    protocols: dict[str, Protocol] = field(default_factory=dict)
    record: PluginRecord | None = None
    catalogue: Catalogue | None = None
    api_problem: str | None = None  # reported against plugin.toml's line, so not again by the loader

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def _meta(root: Path, check: PluginCheck) -> None:
    """plugin.toml is optional for the loader, but a version and a valid name matter."""
    display = f"{root.name}/plugin.toml"
    path = root / "plugin.toml"
    if not path.is_file():
        check.findings.append(warning("no plugin.toml: the plugin has no version or description", display))
        return
    try:
        meta, text = read_toml(path, display)
    except PluginDataError as exc:
        check.findings.extend(Finding.from_problem(p) for p in exc.problems)
        return
    check.name = str(meta.get("name", root.name))
    if "version" not in meta:
        check.findings.append(warning("add a version, such as version = \"0.1.0\"", display, "version"))
    check.api_problem = api_requirement_problem(meta.get("requires"))
    if check.api_problem:
        check.findings.append(error(check.api_problem, display, "requires", line_of(text, "requires =")))
    if not re.match(SLUG_PATTERN, check.name):
        check.findings.append(
            error("the name must be small letters, numbers and _ (it starts every exercise id)", display, "name")
        )


def _read_data(root: Path, check: PluginCheck) -> tuple[list[Exercise], list[Protocol]]:
    """Read the data files directly: every problem, each with its file, field and line."""
    found: dict[str, list] = {"exercises": [], "protocols": []}
    for kind, loader in (("exercises", load_exercises), ("protocols", load_protocols)):
        try:
            found[kind] = loader(root, check.name)
        except PluginDataError as exc:
            check.findings.extend(Finding.from_problem(p) for p in exc.problems)
    return found["exercises"], found["protocols"]


def _candidates(root: Path, name: str, plugin_dirs: Iterable[Path]) -> tuple[list[Candidate], list[Finding]]:
    """This folder first, then every other plugin it may refer to; same-named others are flagged."""
    ours = [c for c in folder_candidates([root.parent]) if c.root == root]
    siblings = [c for c in folder_candidates(plugin_dirs) if c.root is None or c.root.resolve() != root]
    others = siblings + entry_point_candidates()
    findings = []
    kept = []
    for cand in others:
        if cand.name != name:
            kept.append(cand)
        elif cand.root is not None:
            message = f"another plugin folder is also named '{name}': {cand.root}"
            findings.append(error(message, f"{root.name}/plugin.toml", "name"))
        else:
            message = f"an installed {cand.source} is also named '{name}'; this folder was checked instead"
            findings.append(warning(message))
    return builtin_candidates() + ours + kept, findings


@contextmanager
def _quiet_loader() -> Iterator[None]:
    """The loader logs each disabled plugin; here the same news is a finding, so mute the log."""
    loggers = [logging.getLogger(name) for name in ("clinic.plugin_loader", "clinic.catalogue")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _load(root: Path, check: PluginCheck, plugin_dirs: Iterable[Path], data_ok: bool) -> None:
    candidates, findings = _candidates(root, check.name, plugin_dirs)
    check.findings.extend(findings)
    pm = make_plugin_manager()
    with _quiet_loader():
        records = register_plugins(pm, candidates)
        catalogue = build_catalogue(pm, records)
    check.catalogue = catalogue
    check.record = next((r for r in records if r.root is not None and r.root.resolve() == root), None)
    if check.record is None:
        check.findings.append(error("clinic did not find a plugin here", f"{root.name}/__init__.py"))
        return
    said_by_meta = check.record.error == check.api_problem
    if check.record.error and not said_by_meta and not (check.record.error.startswith("invalid data") and not data_ok):
        message = f"the plugin is disabled: {check.record.error}"
        if "unknown exercise" in check.record.error:
            # Each unknown id is named at its line by check_plugin; this line says what it costs.
            message = "the plugin is disabled until its protocols name only exercises that are loaded"
            # The exercise may exist in a plugin that is broken itself: say so, or the hunt starts here.
            broken = [r.name for r in records if r is not check.record and r.error and r.name != check.name]
            if broken:
                message += f" (these other plugins did not load: {', '.join(broken)})"
        check.findings.append(error(message, f"{root.name}/__init__.py"))
    prefix = f"{check.name}."
    check.exercises = {k: v for k, v in catalogue.exercises.items() if catalogue.owners.get(k) == check.name}
    check.protocols = {k: v for k, v in catalogue.protocols.items() if k.startswith(prefix)}
    if check.record.enabled:
        check.findings.extend(files.check_handout_sections(pm, check.name, catalogue))


def _unknown_exercises(root: Path, check: PluginCheck, protocols: list[Protocol]) -> list[Finding]:
    """Protocol items naming an exercise nothing provides, even when other errors stopped the load.

    The plugin's own exercise files count by their names, valid or not, so a
    broken exercise file is reported once, where it is, and not again here.
    """
    if check.catalogue is None:
        return []
    own = {f"{check.name}.{path.stem}" for path in (root / "exercises").glob("*.toml") if "." not in path.stem}
    plugins = {r.name for r in check.catalogue.plugins if r.enabled} | {check.name}
    broken = {r.name for r in check.catalogue.plugins if not r.enabled} - {check.name}
    return references.unknown_exercises(root, protocols, set(check.catalogue.exercises) | own, plugins, broken)


def check_plugin(path: str | Path, plugin_dirs: Iterable[str | Path] | None = None) -> PluginCheck:
    """Check the plugin folder at ``path``; ``plugin_dirs`` default to the app's default."""
    root = Path(path).resolve()
    check = PluginCheck(root=root, name=root.name)
    if not root.is_dir():
        check.findings.append(error(f"there is no folder at {path}"))
        return check
    dirs = [Path(d).resolve() for d in (plugin_dirs if plugin_dirs is not None else Defaults.PLUGIN_DIRS)]
    _meta(root, check)
    exercises, protocols = _read_data(root, check)
    if not (root / "__init__.py").is_file():
        check.findings.append(
            error("no __init__.py: clinic loads a plugin folder by running its __init__.py", root.name)
        )
    else:
        _load(root, check, dirs, data_ok=not check.errors)
        check.findings.extend(_unknown_exercises(root, check, protocols))
        if check.catalogue is not None and check.record is not None and check.record.enabled:
            check.findings.extend(protocol_load.protocol_load(root, check.catalogue, check.protocols.values()))
    if not check.exercises and not check.protocols:
        check.exercises = {e.id: e for e in exercises}
        check.protocols = {p.id: p for p in protocols}
    # With a broken data file some exercises are missing, so "unused picture" would be wrong.
    check.findings.extend(files.check_pictures(root, check.exercises.values(), all_loaded=not check.errors))
    check.findings.extend(advice.advise(root, check.exercises.values(), check.protocols.values()))
    return check
