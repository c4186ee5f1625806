"""``flask draw-figures PLUGIN_FOLDER``: turn pose files into the plugin's SVG pictures."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from clinic.exercise_data.loader import PluginDataError
from clinic.figures import check_folder, draw_folder
from clinic.figures.sheet import write_sheet


@click.command("draw-figures")
@click.argument("plugin_folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; fail if any picture is missing or out of date.")
@click.option("--sheet", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PDF contact sheet of every picture at handout size.")
def draw_figures_command(plugin_folder: Path, check: bool, sheet: Path | None) -> None:
    """Render every PLUGIN_FOLDER/poses/*.toml into PLUGIN_FOLDER/pictures/*.svg."""
    try:
        statuses = check_folder(plugin_folder) if check else draw_folder(plugin_folder)
    except PluginDataError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(2) from None
    if check:
        for status in statuses:
            click.echo(f"{status.state}: {status.picture} (run: flask draw-figures {plugin_folder})", err=True)
        if statuses:
            raise SystemExit(1)
        click.echo(f"{plugin_folder}: every picture matches its pose file")
        return
    written = [s for s in statuses if s.state == "written"]
    for status in written:
        click.echo(f"wrote {status.picture}")
    click.echo(f"{len(written)} written, {len(statuses) - len(written)} unchanged")
    if sheet is not None:
        count = write_sheet(plugin_folder, sheet)
        click.echo(f"contact sheet of {count} pictures: {sheet}")


def register(app: Flask) -> None:
    app.cli.add_command(draw_figures_command)
