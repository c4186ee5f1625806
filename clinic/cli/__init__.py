"""Command-line commands, one module per job, registered on the app."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def init_cli(app: Flask) -> None:
    from clinic.cli import backup, contributor, demo, figures, handout, jobs, parts, plugins_cmd, seed_bench, users

    for module in (backup, contributor, demo, figures, handout, jobs, parts, plugins_cmd, seed_bench, users):
        module.register(app)


def _create_app() -> Flask:
    from clinic import create_app

    return create_app()


def main() -> None:
    """The ``clinic`` command: ``flask --app clinic`` that works from any folder.

    Inside a plugin folder (which is a Python package) Flask's own ``--app clinic``
    resolves to ``<plugin>.clinic`` and finds no commands; this entry point names
    the app factory directly, so contributors can run ``clinic check-plugin .`` there.
    """
    FlaskGroup(create_app=_create_app, name="clinic", help="clinic: every flask --app clinic command.")()
