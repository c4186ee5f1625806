"""Plugin pictures are served from inside the plugin's folder only, and only pictures."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def test_a_plugin_picture_is_served(client: FlaskClient) -> None:
    response = client.get("/plugin-assets/example_plugin/pictures/heel_raise.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]  # an SVG cannot run inline script


@pytest.mark.parametrize("path", [
    "/plugin-assets/example_plugin/../../../etc/passwd",
    "/plugin-assets/example_plugin/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/plugin-assets/example_plugin/pictures/..%2f..%2f..%2fpyproject.toml",
    "/plugin-assets/example_plugin/plugin.toml",
    "/plugin-assets/example_plugin/__init__.py",
    "/plugin-assets/example_plugin/exercises/heel_raise.toml",
    "/plugin-assets/example_plugin/pictures/heel_raise.svg%00.png",
    "/plugin-assets/no_such_plugin/pictures/a.svg",
])
def test_anything_else_is_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 404
    assert b"[project]" not in response.data and b"root:" not in response.data
