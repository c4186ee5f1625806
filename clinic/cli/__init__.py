"""Command-line commands, one module per job, registered on the app."""

from __future__ import annotations

from flask import Flask


def init_cli(app: Flask) -> None:
    from clinic.cli import backup, contributor, demo, figures, handout, plugins_cmd, seed_bench, users

    for module in (backup, contributor, demo, figures, handout, plugins_cmd, seed_bench, users):
        module.register(app)
