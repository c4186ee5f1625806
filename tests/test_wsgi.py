"""The production entry point: ``clinic.wsgi:app`` trusts proxy headers only when told to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT

PROBE = """
import json
from clinic.wsgi import app
client = app.test_client()
headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
response = client.get("/login", headers=headers)
print(json.dumps({"hsts": "Strict-Transport-Security" in response.headers}))
"""


def _probe(tmp_path: Path, **env: str) -> dict:
    """Import clinic.wsgi in a fresh process, as gunicorn does, with only the given settings."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.sqlite'}",
                   "CLINIC_SECRET_KEY": "wsgi-test"}
    environment.pop("CLINIC_PROXY_HOPS", None)
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=environment,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("hops", "trusted"), [(None, False), ("1", True)])
def test_forwarded_https_counts_only_behind_a_configured_proxy(tmp_path: Path, hops: str | None,
                                                               trusted: bool) -> None:
    env = {"CLINIC_PROXY_HOPS": hops} if hops else {}
    assert _probe(tmp_path, **env)["hsts"] is trusted
