"""clinic: a plugin-based home-exercise-programme builder."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from clinic.config import PROJECT_ROOT, load_config, templates_folder
from clinic.db import db, migrate
from clinic.hookspecs import PLUGIN_API

__all__ = ["PLUGIN_API", "create_app"]

MIGRATIONS_DIR = str(PROJECT_ROOT / "clinic" / "migrations")


def create_app(
    test_config: dict[str, Any] | None = None, instance_path: str | None = None
) -> Flask:
    """Create and configure an app: config, database, plugins, blueprints, commands.

    ``CLINIC_INSTANCE_PATH`` moves the instance folder, so several processes
    on one machine can each have their own, as separate hosts would.
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=instance_path or os.environ.get("CLINIC_INSTANCE_PATH") or None,
        template_folder=str(templates_folder()),
    )
    load_config(app, test_config)

    from clinic import models  # noqa: F401  (registers the tables)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)

    from clinic.i18n import init_i18n

    init_i18n(app)

    from clinic.state import load_plugins

    load_plugins(app)

    from clinic.web import init_web

    init_web(app)

    from clinic.cli import init_cli

    init_cli(app)
    return app
