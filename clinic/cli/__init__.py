"""Command-line commands, one module per job, registered on the app."""

from __future__ import annotations

from flask import Flask


def init_cli(app: Flask) -> None:
    from clinic.cli import demo, plugins_cmd

    for module in (plugins_cmd, demo):
        module.register(app)
