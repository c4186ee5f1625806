"""``flask draw-figures PLUGIN_FOLDER``: turn pose files into the plugin's SVG pictures."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from clinic.contributor.check import check_plugin
from clinic.exercise_data.loader import PluginDataError
from clinic.figures import check_folder, draw_folder
from clinic.figures.pack_sheet import write_pack_sheet
from clinic.figures.sheet import write_sheet
from clinic.state import catalogue


@click.command("draw-figures")
@click.argument("plugin_folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; fail if any picture is missing or out of date.")
@click.option("--sheet", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PDF contact sheet of every picture at handout size.")
@click.option("--overwrite", is_flag=True,
              help="Replace pictures that were drawn by hand under a pose file's name.")
@click.option("--pack-sheet", "pack_sheet", type=click.Path(file_okay=False, path_type=Path),
              help="Also write DIR/<plugin>.svg, every picture in ladder order, and DIR/<plugin>.sha256, "
                   "the pictures it was made from (docs/images/packs for the shipped plugins).")
@with_appcontext
def draw_figures_command(plugin_folder: Path, check: bool, sheet: Path | None, overwrite: bool,
                         pack_sheet: Path | None) -> None:
    """Render every PLUGIN_FOLDER/poses/*.toml into PLUGIN_FOLDER/pictures/*.svg."""
    try:
        statuses = check_folder(plugin_folder) if check else draw_folder(plugin_folder, overwrite=overwrite)
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
    kept = [s for s in statuses if s.state == "kept"]
    for status in written:
        click.echo(f"wrote {status.picture}")
    for status in kept:
        click.echo(f"kept {status.picture}: it was not drawn from {status.pose.name}, so it may be "
                   "somebody's own drawing. Rename the pose file, or run again with --overwrite "
                   "to replace the picture.", err=True)
    unchanged = len(statuses) - len(written) - len(kept)
    click.echo(f"{len(written)} written, {unchanged} unchanged" + (f", {len(kept)} kept" if kept else ""))
    if written:
        _answer_the_start_message(plugin_folder)
    if sheet is not None:
        count = write_sheet(plugin_folder, sheet)
        click.echo(f"contact sheet of {count} pictures: {sheet}")
    if pack_sheet is not None:
        path, count = write_pack_sheet(plugin_folder, pack_sheet)
        click.echo(f"pack sheet of {count} pictures: {path}")


def _answer_the_start_message(plugin_folder: Path) -> None:
    """The app loaded its plugins before this command drew: a "disabled" line it printed may be stale now."""
    record = next((r for r in catalogue().plugins
                   if r.root is not None and r.root.resolve() == plugin_folder.resolve()), None)
    if record is None or not record.error or "not found in the plugin folder" not in record.error:
        return
    errors = check_plugin(plugin_folder, current_app.config["PLUGIN_DIRS"]).errors
    if errors:
        click.echo(f"The plugin still has {len(errors)} error(s): see flask --app clinic check-plugin {plugin_folder}")
    else:
        click.echo(f"The '{record.name} disabled' line above was printed before these pictures were drawn: "
                   "checked again, the plugin loads now.")


def register(app: Flask) -> None:
    app.cli.add_command(draw_figures_command)
