"""The exercise library: what every enabled plugin provides, checked as a whole.

Each plugin's hook is called on its own so a plugin that raises or returns bad
data is disabled by name, and cross-plugin references (a protocol using another
plugin's warm-up, a level linking to another exercise) are checked after all
plugins have answered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pluggy
from pydantic import BaseModel, ValidationError

from clinic.exercise_data import Exercise, HandoutSection, OutcomeScale, Protocol
from clinic.exercise_data.loader import PluginDataError
from clinic.exercise_data.snapshot import HandoutSnapshot
from clinic.plugin_loader import PluginRecord, _describe_exception

log = logging.getLogger(__name__)


class PluginFault(Exception):
    """A plugin's hook failed; the message is what ``flask plugins`` prints."""


def _as_records(result: Any, model: type[BaseModel], hook: str) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
        raise PluginFault(f"{hook} must return a list, got {type(result).__name__}")
    records = []
    for index, item in enumerate(result):
        if isinstance(item, model):
            records.append(item)
        elif isinstance(item, dict):
            try:
                records.append(model.model_validate(item))
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise PluginFault(f"{hook} item {index}, field {loc}: {first['msg']}") from None
        else:
            raise PluginFault(
                f"{hook} item {index} is a {type(item).__name__}, not a {model.__name__}"
            )
    return records


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> dict[str, Any]:
    """Call one hook plugin by plugin; a failure is kept as a PluginFault value.

    Each plugin is called through pluggy's own hook caller narrowed to that one
    plugin, so pluggy passes each implementation only the arguments it names
    (``HookImpl.argnames``), and hook-call monitoring and tracing see every call.
    A plain ``pm.hook.<name>(...)`` would stop at the first plugin that raises.
    """
    results: dict[str, Any] = {}
    implementers = {impl.plugin_name for impl in getattr(pm.hook, hook).get_hookimpls()}
    # Load order, whatever ``tryfirst``/``trylast`` say: it decides which duplicate id is refused.
    plugins = {name: plugin for name, plugin in pm.list_name_plugin() if name in implementers}
    for name, plugin in plugins.items():
        others = [other for other in plugins.values() if other is not plugin]
        try:
            answers = pm.subset_hook_caller(hook, remove_plugins=others)(**kwargs)
            # Two implementations in one plugin (pluggy's ``specname``) answer together.
            results[name] = answers[0] if len(answers) == 1 else [item for answer in answers for item in answer]
        except PluginDataError as exc:
            results[name] = PluginFault("invalid data: " + "; ".join(str(p) for p in exc.problems))
        except Exception as exc:  # noqa: BLE001 - plugin code is isolated
            results[name] = PluginFault(f"{hook} raised {_describe_exception(exc)}")
    return results


@dataclass(frozen=True)
class Catalogue:
    """Read-only view of the exercises and protocols of every enabled plugin."""

    exercises: Mapping[str, Exercise]
    protocols: Mapping[str, Protocol]
    plugins: tuple[PluginRecord, ...]
    owners: Mapping[str, str] = field(default_factory=dict)
    roots: Mapping[str, Path] = field(default_factory=dict)
    scales: Mapping[str, OutcomeScale] = field(default_factory=dict)
    """Outcome measures by id, in load order (the core's PSFS first)."""

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def plugin(self, name: str) -> PluginRecord | None:
        return next((p for p in self.plugins if p.name == name), None)

    def asset_path(self, plugin_name: str, file: str) -> Path | None:
        """Resolve a plugin's picture by path, refusing anything outside its folder."""
        root = self.roots.get(plugin_name)
        if root is None:
            return None
        target = (root / file).resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            return None
        return target

    def picture_path(self, exercise_id: str, file: str) -> Path | None:
        owner = self.owners.get(exercise_id)
        return self.asset_path(owner, file) if owner else None


def _collect(
    pm: pluggy.PluginManager,
    records: dict[str, PluginRecord],
    hook: str,
    model: type[BaseModel],
) -> dict[str, list[Any]]:
    collected: dict[str, list[Any]] = {}
    for name, result in call_each(pm, hook).items():
        if name not in records:
            continue  # built-in or unregistered
        try:
            if isinstance(result, PluginFault):
                raise result
            collected[name] = _as_records(result, model, hook)
        except PluginFault as fault:
            _disable(pm, records[name], str(fault))
    return collected


def _disable(pm: pluggy.PluginManager, record: PluginRecord, reason: str) -> None:
    if record.error is None:
        record.error = reason
        log.error("plugin %s disabled: %s", record.name, reason)
    if pm.has_plugin(record.name):
        pm.unregister(name=record.name)


def _index(
    pm: pluggy.PluginManager,
    records: dict[str, PluginRecord],
    per_plugin: dict[str, list[Any]],
    kind: str,
    same_namespace: bool,
) -> dict[str, tuple[str, Any]]:
    """Index records by id, disabling a plugin whose ids clash or leave its namespace."""
    index: dict[str, tuple[str, Any]] = {}
    for name, items in per_plugin.items():
        record = records[name]
        if not record.enabled:
            continue
        problem = None
        # The core's own records are ``core.*``, whatever its built-in module is called.
        namespace = "core" if record.source == "built-in" else name
        for item in items:
            if same_namespace and item.id.split(".", 1)[0] != namespace:
                problem = f"{kind} id '{item.id}' must start with the plugin name '{namespace}.'"
            elif item.id in index and index[item.id][0] != name:
                problem = f"duplicate {kind} id '{item.id}', also provided by plugin '{index[item.id][0]}'"
            if problem:
                break
        if problem:
            _disable(pm, record, problem)
            continue
        for item in items:
            index[item.id] = (name, item)
    return index


def _broken_references(
    exercises: Mapping[str, tuple[str, Exercise]], protocols: Mapping[str, tuple[str, Protocol]]
) -> dict[str, str]:
    """Plugins that point at an exercise no enabled plugin provides."""
    broken: dict[str, str] = {}
    for owner, exercise in exercises.values():
        for level in exercise.levels:
            if level.exercise and level.exercise not in exercises:
                broken.setdefault(
                    owner, f"{exercise.id}: level {level.step} links to unknown exercise '{level.exercise}'"
                )
    for owner, protocol in protocols.values():
        missing = sorted(protocol.exercise_ids() - exercises.keys())
        if missing:
            broken.setdefault(owner, f"protocol {protocol.id} uses unknown exercises: {', '.join(missing)}")
    return broken


def build_catalogue(pm: pluggy.PluginManager, plugin_records: list[PluginRecord]) -> Catalogue:
    """Ask every registered plugin for its data and keep what is valid and consistent."""
    records = {r.name: r for r in plugin_records if r.enabled}
    ex_by_plugin = _collect(pm, records, "clinic_exercises", Exercise)
    pr_by_plugin = _collect(pm, records, "clinic_protocols", Protocol)
    sc_by_plugin = _collect(pm, records, "clinic_outcome_scales", OutcomeScale)
    while True:
        exercises = _index(pm, records, ex_by_plugin, "exercise", same_namespace=True)
        protocols = _index(pm, records, pr_by_plugin, "protocol", same_namespace=True)
        broken = _broken_references(exercises, protocols)
        if not broken:
            break
        for name, reason in broken.items():
            _disable(pm, records[name], reason)
    scales = _index(pm, records, sc_by_plugin, "outcome scale", same_namespace=True)
    for record in plugin_records:
        record.exercises = len(ex_by_plugin.get(record.name, [])) if record.enabled else 0
        record.protocols = len(pr_by_plugin.get(record.name, [])) if record.enabled else 0
    return Catalogue(
        exercises=MappingProxyType({k: v[1] for k, v in exercises.items()}),
        protocols=MappingProxyType({k: v[1] for k, v in protocols.items()}),
        plugins=tuple(plugin_records),
        owners=MappingProxyType({k: v[0] for k, v in exercises.items()}),
        roots=MappingProxyType(
            {r.name: r.root for r in plugin_records if r.enabled and r.root is not None}
        ),
        scales=MappingProxyType({k: v[1] for k, v in scales.items() if records[v[0]].enabled}),
    )


def handout_sections(
    pm: pluggy.PluginManager, programme: HandoutSnapshot, language: str, on_error: Callable[[str, str], None]
) -> list[HandoutSection]:
    """Collect extra handout sections; a failing plugin is skipped and reported."""
    sections: list[HandoutSection] = []
    for name, result in call_each(pm, "clinic_handout_sections", programme=programme, language=language).items():
        try:
            if isinstance(result, PluginFault):
                raise result
            sections.extend(_as_records(result, HandoutSection, "clinic_handout_sections"))
        except PluginFault as fault:
            on_error(name, str(fault))
    return sections
