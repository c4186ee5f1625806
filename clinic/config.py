"""Configuration: defaults, then ``instance/config.py``, then environment variables.

The secret key is generated into the instance folder on first run, so no key is
ever written in the code or shared between installs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url

from clinic.files import ensure_private_file, private_folder, write_private_text

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def templates_folder() -> Path:
    """The templates inside the package (an installed wheel), else the checkout's top-level folder.

    The repository keeps ``templates/`` beside the package so designers find it
    at once; the wheel build copies it into ``clinic/templates`` (setup.py).
    """
    packaged = PACKAGE_ROOT / "templates"
    return packaged if packaged.is_dir() else PROJECT_ROOT / "templates"


class Defaults:
    PLUGIN_DIRS: list[str] = [str(PROJECT_ROOT / "plugins")]
    STUDIO = False
    """The contributor studio (``/studio``): admins and contributors edit the plugins in ``PLUGIN_DIRS[0]``."""
    DISABLED_PLUGINS: list[str] = []
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    RECORD_IMPORT_MAX_BYTES = 50 * 1024 * 1024  # a record carries its handouts' snapshots
    RECORD_IMPORT_MAX_VALUES = 1_000_000  # JSON values in one record: bounds the memory parsing takes
    EDIT_MAX_BYTES = 256 * 1024  # one builder edit is a few form fields
    MAX_EXERCISES_PER_HANDOUT = 40
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    DEFAULT_LANGUAGE = "en"
    RATELIMIT_STORAGE_URI = ""
    """Where sign-in attempts are counted; empty: ``REDIS_URL`` when set, else each process on its own (memory://)."""
    RATELIMIT_HEADERS_ENABLED = True
    HANDOUT_CACHE_SIZE = 64
    REDIS_URL = ""
    """One Redis shared by every host, e.g. ``redis://127.0.0.1:6379/0``: the render queue, the handout cache
    and the sign-in limiter. Empty (the embedded default): handouts render in the web process, as they
    always did, and each process keeps its own cache and counts (docs/deploy.md)."""
    REDIS_NAMESPACE = "clinic"
    """The prefix of this install's keys in Redis (queue and cache); two installs sharing one Redis differ here."""
    HANDOUT_CACHE_URL = ""
    """Where finished handouts are cached; empty: ``REDIS_URL`` when set, else ``instance/handout-cache``."""
    HANDOUT_CACHE_TTL = 7 * 24 * 60 * 60  # seconds a handout stays in a Redis cache after its last use
    RENDER_QUEUE = "handouts"  # the queue's name, within REDIS_NAMESPACE
    RENDER_JOB_TIMEOUT = 300  # seconds one render may take before its worker gives it up
    RENDER_JOB_ATTEMPTS = 3
    """Tries of one render job (a worker that dies mid-job counts as one) before it is shown as failed."""
    RENDER_WORKER_HEARTBEAT = 5
    """Seconds between a busy worker's signs of life; one silent for this plus ``RENDER_WORKER_GRACE`` is dead."""
    RENDER_WORKER_GRACE = 15
    RENDER_WORKER_NICE = 10
    """How much a render worker yields the CPU (``os.nice``): on a host it shares with web processes, builder
    edits go first and renders take what is left. 0 leaves the priority as it is."""
    PATIENT_LINK_BASE_URL = ""
    """Where printed patient links point, e.g. ``https://exercise.example.org``; empty: the request's address."""
    CHECK_IN_LIMIT = "30 per hour;100 per day"
    """Check-ins one patient link may send (each one saves a whole day's answers)."""
    HANDOUT_PART_CACHE = False
    """Print handouts from cached parts (issue 17, clinic/handout/part_render.py); each part then starts a page."""
    HANDOUT_PART_CACHE_BYTES = 256 * 1024 * 1024  # all clinics' cached parts together, on disk
    HANDOUT_PART_CACHE_ENTRIES = 4096  # all clinics' cached parts together, in Redis (``HANDOUT_CACHE_URL``)
    HANDOUT_GC_THRESHOLD = 10_000
    """Gen-0 garbage-collector threshold during a render (Python's default is 700; 0 leaves it alone).

    Measured with the worker frozen (``gc.freeze``): 0.77-0.82x a render's CPU at 10-25 exercises."""
    SESSION_IDLE_SECONDS = 60 * 60  # an hour without a request signs the therapist out
    SESSION_MAX_SECONDS = 12 * 60 * 60  # a working day after signing in, whatever the activity


def _from_environment(app: Flask) -> None:
    """``DATABASE_URL`` and any ``CLINIC_*`` variable (JSON values are parsed)."""
    if url := os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.from_prefixed_env("CLINIC")


def _secret_key(instance: Path) -> str:
    key_file = instance / "secret_key"
    if not key_file.exists():
        write_private_text(key_file, secrets.token_hex(32))
    return key_file.read_text().strip()


def _private_sqlite_file(uri: str) -> None:
    """Create the SQLite file (and tighten its WAL files) 0600 before SQLite makes them with the umask.

    SQLite gives the -wal and -shm files the database file's own permissions,
    so making the main file private first covers them all.
    """
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return
    path = Path(url.database)
    if not path.parent.is_dir():
        return  # SQLite will report the missing folder itself
    ensure_private_file(path)
    for suffix in ("-wal", "-shm"):
        if (side := Path(f"{path}{suffix}")).exists():
            ensure_private_file(side)


def _shared_services(config: dict[str, Any]) -> None:
    """Point what hosts must share at ``REDIS_URL`` unless each was set on its own."""
    redis_url = config.get("REDIS_URL") or ""
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    if not config.get("HANDOUT_CACHE_URL"):
        config["HANDOUT_CACHE_URL"] = redis_url


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Apply the layers in order; a later layer wins."""
    instance = private_folder(Path(app.instance_path))  # database, key and cached handouts: owner only
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'clinic.sqlite'}"
    app.config.from_pyfile("config.py", silent=True)
    _from_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    _private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    _shared_services(app.config)
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
