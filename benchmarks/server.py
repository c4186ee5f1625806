"""A real gunicorn on 127.0.0.1 for the concurrency and memory figures, and a signed-in HTTP client.

Only the loopback address is used; the server is stopped (by its own process
id) when the ``with`` block ends, whatever happens inside it.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from benchmarks.environment import THERAPIST_EMAIL, BenchWorld
from clinic.config import PROJECT_ROOT

BENCH_PASSWORD = "bench-password"  # set by clinic.services.bench_data for every bench therapist


def production_app(instance_path: str) -> Flask:
    """What ``clinic.wsgi`` serves (WeasyPrint and the handout styles loaded), in our own instance folder."""
    from clinic import create_app
    from clinic.handout.collector import freeze_worker

    app = create_app(instance_path=instance_path)
    freeze_worker(app)
    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Gunicorn:
    process: subprocess.Popen
    url: str

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def proc_status_kib(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` memory field (VmRSS now, VmHWM the peak so far) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def deployment_env(world: BenchWorld, **extra: str) -> dict[str, str]:
    """The environment every process of a benchmark deployment shares (``extra`` adds CLINIC_* settings)."""
    return {
        **os.environ,
        "DATABASE_URL": world.database_url,
        "CLINIC_PLUGIN_DIRS": json.dumps(world.config()["PLUGIN_DIRS"]),
        "CLINIC_SECRET_KEY": "benchmark-secret",
        "CLINIC_WTF_CSRF_ENABLED": "false",
        "CLINIC_RATELIMIT_ENABLED": "false",
        **extra,
    }


@contextmanager
def gunicorn(world: BenchWorld, workers: int = 2, instance: str = "gunicorn-instance",
             env: dict[str, str] | None = None) -> Iterator[Gunicorn]:
    """Start ``clinic:create_app()`` under gunicorn, configured through the environment like a deployment."""
    port = free_port()
    env = env or deployment_env(world)
    factory = f"benchmarks.server:production_app({str(world.root / instance)!r})"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--timeout", "300", "--log-level", "warning", factory]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL)
    server = Gunicorn(process, f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(server, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Gunicorn, workers: int, limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {server.process.returncode}")
        try:
            urllib.request.urlopen(server.url + "/static/css/app.css", timeout=5).read()
            if len(server.worker_pids()) >= workers:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


class Client:
    """A therapist's browser: a cookie jar signed in through the real login form."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.post("/login", {"email": THERAPIST_EMAIL, "password": BENCH_PASSWORD})

    def post(self, path: str, form: dict[str, str] | None = None) -> bytes:
        body = urllib.parse.urlencode(form or {}).encode()
        with self.opener.open(self.base_url + path, data=body, timeout=300) as response:
            return response.read()

    def export(self, programme_id: int) -> bytes:
        pdf = self.post(f"/programmes/{programme_id}/export")
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError(f"programme {programme_id}: the export did not answer with a PDF")
        return pdf
