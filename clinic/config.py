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

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    PLUGIN_DIRS: list[str] = [str(PROJECT_ROOT / "plugins")]
    DISABLED_PLUGINS: list[str] = []
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_EXERCISES_PER_HANDOUT = 40
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    DEFAULT_LANGUAGE = "en"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    HANDOUT_CACHE_SIZE = 64
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
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Apply the layers in order; a later layer wins."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'clinic.sqlite'}"
    app.config.from_pyfile("config.py", silent=True)
    _from_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
