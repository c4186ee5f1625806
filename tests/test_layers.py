"""The import graph keeps its shape: each package imports only the layers below it.

``clinic.handout`` owns everything that makes or reads a handout snapshot and
may use the services; the services never reach back into it, and the data types
plugins see import nothing of the app. Read from the source with ``ast``, so an
import hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "clinic"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "clinic.services": ("clinic.handout", "clinic.web", "clinic.cli"),
    "clinic.models": ("clinic.services", "clinic.handout", "clinic.web", "clinic.cli"),
    "clinic.exercise_data": ("clinic.models", "clinic.services", "clinic.handout", "clinic.web", "clinic.cli",
                             "flask", "flask_sqlalchemy", "sqlalchemy"),
    "clinic.handout": ("clinic.web", "clinic.cli"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, wherever the import statement is, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(layer: str) -> list[str]:
    folder = PACKAGE.joinpath(*layer.split(".")[1:])
    bad = []
    for path in sorted(folder.rglob("*.py")):
        for line, name in imports(path):
            if any(_within(name, forbidden) for forbidden in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return sorted(set(bad))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_a_layer_above_it(layer: str) -> None:
    assert violations(layer) == []


def test_the_checker_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    source = tmp_path / "late.py"
    source.write_text("def f():\n    from clinic.handout.issue import reprint\n    return reprint\n")
    assert (2, "clinic.handout.issue") in imports(source)


def test_there_is_one_module_for_handout_changes() -> None:
    assert not (PACKAGE / "services" / "handout_changes.py").exists()
    assert (PACKAGE / "handout" / "changes.py").is_file()
