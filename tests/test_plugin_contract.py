"""Every plugin we ship meets the same contract that plugin authors test with.

Parametrized over the folders in plugins/ and the example plugin, so a new
plugin folder is checked as soon as it exists: the contract's problems
(file, line, field) are the failure message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT
from clinic.testing import assert_plugin_contract, load_plugin

PLUGIN_FOLDERS = sorted(
    folder
    for folder in (PROJECT_ROOT / "plugins").glob("*")
    if folder.is_dir()
    and not folder.name.startswith(("_", "."))
    and ((folder / "__init__.py").is_file() or (folder / "plugin.toml").is_file())
) + [PROJECT_ROOT / "tests" / "example_plugin"]


@pytest.mark.parametrize("folder", PLUGIN_FOLDERS, ids=lambda folder: folder.name)
def test_plugin_meets_the_contract(folder: Path):
    assert_plugin_contract(folder)


@pytest.mark.parametrize("folder", PLUGIN_FOLDERS, ids=lambda folder: folder.name)
def test_plugin_provides_records_in_its_own_namespace(folder: Path):
    """What the ``clinic_plugin`` fixture gives authors: the records the app would serve."""
    loaded = load_plugin(folder)
    assert loaded.root == folder.resolve()
    assert loaded.exercises or loaded.protocols, f"{folder.name} provides nothing"
    assert all(key.startswith(f"{loaded.name}.") for key in [*loaded.exercises, *loaded.protocols])
