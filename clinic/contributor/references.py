"""Exercise ids a protocol names that no loaded plugin provides: each at its file, line and field.

The loader can only say that the plugin is disabled and which ids were
unknown; a contributor needs to know where the typo is and what was meant, so
each reference is looked up here with the closest id that does exist.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from clinic.contributor.findings import Finding, error, line_of
from clinic.exercise_data import Protocol


def closest_hint(wanted: str, known: set[str], plugins: set[str], broken: set[str] = frozenset()) -> str:
    """What was probably meant, or why that plugin has no such exercise (the studio says it too)."""
    close = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.75)
    if close:
        return f" Did you mean '{close[0]}'?"
    namespace = wanted.split(".", 1)[0]
    if namespace in broken:
        return f" The plugin '{namespace}' did not load: it has errors of its own (check it too)."
    if namespace not in plugins:
        return f" No plugin named '{namespace}' is loaded: install or enable it, or use another exercise."
    return f" The plugin '{namespace}' has no exercise of that name."


def unknown_exercises(root: Path, protocols: Iterable[Protocol], known: set[str], plugins: set[str],
                      broken: set[str] = frozenset()) -> list[Finding]:
    """An error per protocol item whose exercise id is not in ``known``."""
    findings = []
    for protocol in protocols:
        stem = protocol.id.split(".", 1)[1]
        path = root / "protocols" / f"{stem}.toml"
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        for i, section in enumerate(protocol.sections):
            for j, item in enumerate(section.items):
                if item.exercise in known:
                    continue
                hint = closest_hint(item.exercise, known, plugins, broken)
                findings.append(error(
                    f"no loaded plugin has the exercise '{item.exercise}'.{hint}",
                    f"{root.name}/protocols/{stem}.toml", f"sections[{i}].items[{j}].exercise",
                    line_of(source, f'"{item.exercise}"')))
    return findings
