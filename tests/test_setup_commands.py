"""The first-run promises: the README lists every command, `make run` survives a busy
port, the `clinic` command works inside a plugin folder, and the site has an icon."""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

ROOT = Path(__file__).resolve().parents[1]


def _load_pick_port():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("pick_port", ROOT / "scripts" / "pick_port.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_readme_lists_every_command(app: Flask) -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Commands"):readme.index("## Configuration")]
    listed = set(re.findall(r"^\| `([a-z-]+)", table, flags=re.M)) | set(re.findall(r"`(\w+)`,? ", table))
    missing = sorted(set(app.cli.list_commands(None)) - listed - {"limiter"})  # type: ignore[arg-type]
    assert not missing, f"README's command table lacks: {missing}"


def test_default_port_moves_to_a_free_one_when_busy(busy_port: int, capsys: pytest.CaptureFixture) -> None:
    chosen = _load_pick_port().pick(busy_port, chosen=False)
    assert chosen != busy_port
    assert f"Port {busy_port} is in use; serving on {chosen}" in capsys.readouterr().err


def test_a_chosen_busy_port_is_refused_with_advice(busy_port: int) -> None:
    with pytest.raises(SystemExit, match=f"Port {busy_port} is in use.*make run PORT="):
        _load_pick_port().pick(busy_port, chosen=True)


def test_clinic_command_works_inside_a_plugin_folder() -> None:
    script = Path(sys.executable).parent / "clinic"
    if not script.exists():
        pytest.skip("the clinic console script is installed by `make setup`")
    result = subprocess.run([str(script), "plugins"], cwd=ROOT / "plugins" / "runners_knee",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "runners_knee" in result.stdout


def test_favicon_is_served_and_linked(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"
    page = client.get("/auth/login", follow_redirects=True).get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page
