"""Find plugins, register them with one pluggy manager, and isolate the broken ones.

In-repo plugins are folders under the configured plugin directories (adding a
folder is enough, no reinstall); installed plugins come from the ``clinic``
entry-point group. Built-in plugins are listed explicitly. A plugin that needs
a plugin API this clinic does not provide (``requires`` in ``plugin.toml``),
fails to import, implements an unknown hook or marks a hook as a wrapper is
recorded with the reason and left out; the rest load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import sys
import traceback
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pluggy
import tomli
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from clinic import hookspecs
from clinic.hookspecs import PLUGIN_API

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "clinic"
FOLDER_PACKAGE = "clinic_plugins"
BUILTIN_PLUGINS: tuple[str, ...] = ("clinic.builtin_sections", "clinic.builtin_scales")
CORE_PACKAGE = Path(__file__).resolve().parent


@dataclass
class PluginRecord:
    """What ``flask plugins`` shows for one plugin, loaded or not."""

    name: str
    version: str
    source: str
    root: Path | None = None
    hooks: list[str] = field(default_factory=list)
    exercises: int = 0
    protocols: int = 0
    requires: str | None = None
    error: str | None = None

    @property
    def enabled(self) -> bool:
        return self.error is None


@dataclass
class Candidate:
    """A plugin found but not yet registered; ``load`` imports it."""

    name: str
    version: str
    source: str
    root: Path | None
    load: types.FunctionType | object
    requires: object = None  # plugin.toml's ``requires``, unchecked


def _describe_exception(exc: BaseException) -> str:
    """Name the plugin file and line that raised, not the core's frames.

    The core is this package's own folder, not any path containing "clinic": a
    checkout in ``~/clinic/`` keeps its plugins under ``~/clinic/plugins/``.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    outside_core = [f for f in frames if not Path(f.filename).resolve().is_relative_to(CORE_PACKAGE)]
    where = ""
    if outside_core:
        last = outside_core[-1]
        where = f" (at {Path(last.filename).name}:{last.lineno})"
    return f"{type(exc).__name__}: {exc}{where}"


def api_requirement_problem(requires: object) -> str | None:
    """Why this clinic cannot host a plugin that asks for ``requires``; None when it can.

    The check runs before the plugin's code is imported, so a plugin written for
    a newer API is skipped by name instead of failing halfway through.
    """
    if requires is None:
        return None
    try:
        wanted = SpecifierSet(requires) if isinstance(requires, str) else None
    except InvalidSpecifier:
        wanted = None
    if wanted is None:
        return f"requires = {requires!r} in plugin.toml is not a version range such as \">=1.0\""
    if not wanted.contains(PLUGIN_API, prereleases=True):
        return f"needs clinic plugin API {requires}, but this clinic provides {PLUGIN_API}"
    return None


def _folder_meta(folder: Path) -> dict:
    meta_file = folder / "plugin.toml"
    if not meta_file.is_file():
        return {}
    try:
        return tomli.loads(meta_file.read_text(encoding="utf-8"))
    except (tomli.TOMLDecodeError, OSError):
        return {}  # the DataFolder reports the syntax error when the hook runs


def _import_folder(name: str, folder: Path) -> types.ModuleType:
    """Import ``folder/__init__.py`` fresh, under a private package name."""
    sys.modules.setdefault(FOLDER_PACKAGE, types.ModuleType(FOLDER_PACKAGE))
    module_name = f"{FOLDER_PACKAGE}.{name}"
    spec = importlib.util.spec_from_file_location(
        module_name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def folder_candidates(directories: Iterable[Path]) -> list[Candidate]:
    """Every ``plugins/<name>/__init__.py``, sorted by folder name."""
    found = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for folder in sorted(directory.iterdir()):
            if folder.name.startswith(("_", ".")) or not (folder / "__init__.py").is_file():
                continue
            meta = _folder_meta(folder)
            name = str(meta.get("name", folder.name))
            found.append(
                Candidate(
                    name=name,
                    version=str(meta.get("version", "0")),
                    source=f"folder {folder}",
                    root=folder,
                    load=lambda n=name, f=folder: _import_folder(n, f),
                    requires=meta.get("requires"),
                )
            )
    return found


def _package_meta(module_name: str) -> dict:
    """An installed plugin's ``plugin.toml``, found beside its module before the plugin's code runs."""
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return {}  # the import itself reports this when the plugin loads
    if spec is None or spec.origin is None:
        return {}
    return _folder_meta(Path(spec.origin).parent)


def entry_point_candidates() -> list[Candidate]:
    """Installed distributions that expose the ``clinic`` entry-point group."""
    found = []
    for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = ep.dist
        found.append(
            Candidate(
                name=ep.name,
                version=dist.version if dist else "0",
                source=f"package {dist.name if dist else ep.value}",
                root=None,
                load=ep.load,
                requires=_package_meta(ep.module).get("requires"),
            )
        )
    return found


def builtin_candidates() -> list[Candidate]:
    found = []
    for module_name in BUILTIN_PLUGINS:
        found.append(
            Candidate(
                name=module_name.rsplit(".", 1)[1],
                version=importlib.metadata.version("clinic"),
                source="built-in",
                root=None,
                load=lambda m=module_name: importlib.import_module(m),
            )
        )
    return found


def _module_root(module: object) -> Path | None:
    file = getattr(module, "__file__", None)
    return Path(file).resolve().parent if file else None


def _wrapper_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """The hooks a plugin marks ``wrapper=True`` or ``hookwrapper=True``.

    clinic calls each plugin's hook on its own so a failure disables that plugin
    alone; a wrapper exists to see and change the other plugins' answers, which
    would let one plugin rewrite another's exercises or safety wording. So a
    wrapper is refused rather than half-supported.
    """
    return sorted(
        caller.name
        for caller in pm.get_hookcallers(plugin) or []
        for impl in caller.get_hookimpls()
        if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
    )


def register_plugins(
    pm: pluggy.PluginManager, candidates: list[Candidate], disabled: Iterable[str] = ()
) -> list[PluginRecord]:
    """Import and register each candidate; failures become records with an error."""
    disabled = set(disabled)
    records: list[PluginRecord] = []
    by_name: dict[str, PluginRecord] = {}
    for cand in candidates:
        record = PluginRecord(cand.name, cand.version, cand.source, cand.root)
        record.requires = cand.requires if isinstance(cand.requires, str) else None
        records.append(record)
        if cand.name in by_name:
            first = by_name[cand.name]
            record.error = (
                f"two plugins are named '{cand.name}': {first.source} and {cand.source}; "
                "this one is skipped"
            )
            log.error("plugin %s disabled: %s", cand.name, record.error)
            continue
        by_name[cand.name] = record
        if cand.name in disabled:
            record.error = "disabled by configuration (DISABLED_PLUGINS)"
            continue
        if problem := api_requirement_problem(cand.requires):
            record.error = problem
            log.error("plugin %s disabled: %s", cand.name, record.error)
            continue
        try:
            module = cand.load()  # type: ignore[operator]
            pm.register(module, name=cand.name)
        except Exception as exc:  # noqa: BLE001 - any failure in plugin code is isolated
            record.error = f"failed to load: {_describe_exception(exc)}"
            log.error("plugin %s disabled: %s", cand.name, record.error)
            continue
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            pm.unregister(name=cand.name)
            record.error = f"implements an unknown hook: {exc}"
            log.error("plugin %s disabled: %s", cand.name, record.error)
            continue
        if wrapped := _wrapper_hooks(pm, module):
            pm.unregister(name=cand.name)
            record.error = (
                f"hook wrappers are not supported: {', '.join(wrapped)} is marked wrapper=True or hookwrapper=True. "
                "clinic calls each plugin's hook on its own; remove the wrapper option and return this "
                "plugin's own results"
            )
            log.error("plugin %s disabled: %s", cand.name, record.error)
            continue
        record.root = record.root or _module_root(module)
        record.hooks = sorted(
            impl.name for impl in pm.get_hookcallers(module) or []
        )
    return records


def make_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return pm
