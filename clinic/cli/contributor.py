"""Contributor commands: ``new-plugin`` scaffolds a plugin folder, ``check-plugin`` checks one, ``preview`` prints it.

Contributors are often clinicians: output is plain sentences naming the file,
the line and the field, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from clinic.contributor.check import check_plugin
from clinic.contributor.preview import PreviewError, preview_content, preview_pdf
from clinic.contributor.scaffold import DEFAULT_VERSION, ScaffoldError, create_plugin
from clinic.handout.options import PAPER_SIZES, HandoutOptions, OptionError
from clinic.studio import exercise_types


def _default_parent() -> Path:
    """The app's first plugin folder, said relative to here when it can be (shorter to type)."""
    folder = Path(current_app.config["PLUGIN_DIRS"][0]).resolve()
    return folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder


@click.command("new-plugin")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(file_okay=False),
              help="Folder to create the plugin in (default: the app's plugins folder, where it is found).")
@click.option("--plugin-version", default=DEFAULT_VERSION, show_default=True, help="The plugin's first version.")
@click.option("--type", "kinds", multiple=True, type=click.Choice([t.key for t in exercise_types.TYPES]),
              help="Also write an example exercise of this kind, with the dosage it is measured in, an easier "
                   "level, a source and a picture drawn from its pose file (repeat for more kinds).")
@with_appcontext
def new_plugin_command(name: str, parent: str | None, plugin_version: str, kinds: tuple[str, ...]) -> None:
    """Create a working plugin folder NAME with one example exercise, a picture and a test."""
    try:
        folder = create_plugin(name, Path(parent) if parent else _default_parent(), plugin_version)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created the plugin '{name}' in {folder}")
    click.echo(f"  Example exercise: {folder / 'exercises' / 'heel_raise.toml'} (copy it to add more)")
    for key in dict.fromkeys(kinds):
        kind = exercise_types.by_key(key)
        assert kind is not None  # click's choice has checked it
        path = exercise_types.start_exercise(folder, kind, f"example_{key}", "clinic contributors")
        click.echo(f"  {kind.label}: {path} (its pose: {folder / 'poses' / path.name})")
    click.echo(f"  Next: edit it, then run: flask --app clinic check-plugin {folder}")


def _count(items: object, noun: str) -> str:
    number = len(items)  # type: ignore[arg-type]
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@click.command("check-plugin")
@click.argument("path", type=click.Path())
@with_appcontext
def check_plugin_command(path: str) -> None:
    """Check the plugin folder at PATH: errors stop it loading, warnings are advice."""
    check = check_plugin(path, current_app.config["PLUGIN_DIRS"])
    click.echo(f"Checking the plugin '{check.name}' in {check.root}")
    for finding in check.errors:
        click.secho(f"ERROR    {finding}", fg="red")
    for finding in check.warnings:
        click.secho(f"WARNING  {finding}", fg="yellow")
    provides = f"{_count(check.exercises, 'exercise')}, {_count(check.protocols, 'protocol')}"
    if check.errors:
        click.echo(f"{_count(check.errors, 'error')}, {_count(check.warnings, 'warning')}. "
                   "Fix the errors: clinic will not load this plugin until then.")
        raise SystemExit(1)
    if check.warnings:
        click.echo(f"No errors, {_count(check.warnings, 'warning')} ({provides}). The plugin loads; "
                   "the warnings are advice for better handouts.")
    else:
        click.echo(f"All good: no errors, no warnings ({provides}).")


@click.command("preview")
@click.argument("path", type=click.Path())
@click.option("--exercise", "exercises", multiple=True, metavar="ID",
              help="Print this exercise at every level (repeat for more). Default: every exercise.")
@click.option("--protocol", metavar="ID", help="Print a whole sample handout of this protocol instead.")
@click.option("--language", default="en", show_default=True, help="The handout language, e.g. es.")
@click.option("--paper", type=click.Choice(sorted(PAPER_SIZES)), default="A4", show_default=True)
@click.option("--large-print", is_flag=True, help="Print in large print.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The PDF file to write.")
@with_appcontext
def preview_command(path: str, exercises: tuple[str, ...], protocol: str | None, language: str, paper: str,
                    large_print: bool, output: str) -> None:
    """Print the plugin at PATH as the patient will see it, without a database or an install.

    Exercises print at every level of their ladder; a protocol prints as a whole
    handout with a sample patient. The plugin is checked first: it must have no errors.
    """
    check = check_plugin(path, current_app.config["PLUGIN_DIRS"])
    if check.errors:
        for finding in check.errors:
            click.secho(f"ERROR    {finding}", fg="red")
        raise click.ClickException(f"fix the errors first (flask --app clinic check-plugin {path})")
    try:
        options = HandoutOptions(paper=paper, large_print=large_print, language=language,
                                 log_sheet=protocol is not None)
        pdf = preview_pdf(check, preview_content(check, exercises, protocol), options)
    except (PreviewError, OptionError) as exc:
        raise click.ClickException(str(exc)) from None
    target = Path(output)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        raise click.ClickException(f"could not write {target}: {exc.strerror}") from None
    click.echo(f"Wrote {target} ({len(pdf) // 1024} KB)")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(new_plugin_command)
    app.cli.add_command(check_plugin_command)
    app.cli.add_command(preview_command)
