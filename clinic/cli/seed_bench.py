"""``flask seed-bench``: the benchmark data set, so anyone can reproduce the figures."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.services.bench_data import seed_database, write_plugins


@click.command("seed-bench")
@click.option("--plugins-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where to write the generated plugins (add it to CLINIC_PLUGIN_DIRS to load them).")
@click.option("--plugins", default=50, show_default=True)
@click.option("--exercises-each", default=20, show_default=True)
@click.option("--therapists", default=100, show_default=True)
@click.option("--patients", default=10_000, show_default=True)
@click.option("--programmes", default=50_000, show_default=True)
@with_appcontext
def seed_bench_command(plugins_dir: Path, plugins: int, exercises_each: int, therapists: int,
                       patients: int, programmes: int) -> None:
    """Write generated plugins and bulk-load clinics, therapists, patients and programmes."""
    ids = write_plugins(plugins_dir, plugins, exercises_each)
    counts = seed_database(ids, therapists, patients, programmes)
    click.echo(f"Wrote {plugins} plugins with {len(ids)} exercises to {plugins_dir}")
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))
    click.echo("Password of every bench therapist: bench-password")


def register(app: Flask) -> None:
    app.cli.add_command(seed_bench_command)
