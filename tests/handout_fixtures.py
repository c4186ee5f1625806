"""Fixtures shared by the handout tests: an app whose only content plugin is the demo one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import _base_config
from tests.handout_support import write_demo_plugin


@pytest.fixture
def plugin_root(tmp_path: Path) -> Path:
    root = tmp_path / "plugins"
    write_demo_plugin(root, count=4)
    return root


@pytest.fixture
def app_config(database_url: str, plugin_root: Path) -> dict:
    return {**_base_config(database_url), "PLUGIN_DIRS": [str(plugin_root)]}
