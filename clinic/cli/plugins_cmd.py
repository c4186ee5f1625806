"""``flask plugins``: what is loaded, from where, with which hooks, and what failed."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.hookspecs import PLUGIN_API
from clinic.state import catalogue


@click.command("plugins")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins_command(as_json: bool) -> None:
    """List every plugin: name, version, source, plugin API wanted, hooks, counts and any error."""
    records = catalogue().plugins
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "version": r.version,
                        "source": r.source,
                        "requires": r.requires,
                        "hooks": r.hooks,
                        "exercises": r.exercises,
                        "protocols": r.protocols,
                        "error": r.error,
                    }
                    for r in records
                ],
                indent=2,
            )
        )
        return
    click.echo(f"clinic plugin API {PLUGIN_API}")
    for r in records:
        status = "ok" if r.enabled else "DISABLED"
        click.echo(f"{r.name} {r.version} [{status}]")
        click.echo(f"  source:    {r.source}")
        click.echo(f"  requires:  {f'plugin API {r.requires}' if r.requires else '-'}")
        click.echo(f"  hooks:     {', '.join(r.hooks) or '-'}")
        click.echo(f"  provides:  {r.exercises} exercises, {r.protocols} protocols")
        if r.error:
            click.echo(f"  error:     {r.error}")


def register(app: Flask) -> None:
    app.cli.add_command(plugins_command)
