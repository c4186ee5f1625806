"""``flask handout`` and ``flask handouts``: issue handouts from the command line.

Each one is recorded and audited as an export like one from the browser (with
no user), so the patient's record shows every handout that left the clinic.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.db import db
from clinic.handout.issue import HandoutRefused, download_name, issue_handout
from clinic.handout.options import PAPER_SIZES, HandoutOptions, OptionError
from clinic.models import Programme

option_flags = [
    click.option("--paper", type=click.Choice(PAPER_SIZES, case_sensitive=False), default=None,
                 help="Paper size; default: the patient's."),
    click.option("--large-print/--standard-print", default=None, help="Print size; default: the patient's."),
    click.option("--language", default=None, help="Language code; default: the patient's."),
    click.option("--log-sheet/--no-log-sheet", default=True, help="Add the weekly log sheet (default: yes)."),
]


def with_options(command):  # type: ignore[no-untyped-def]
    for flag in reversed(option_flags):
        command = flag(command)
    return command


def _issue(programme_id: int, choices: dict) -> tuple[bytes, str]:
    """Issue one programme's handout and commit; a problem becomes a ClickException."""
    programme = db.session.get(Programme, programme_id)
    if programme is None or programme.patient_id is None:
        raise click.ClickException(f"No patient programme with id {programme_id}.")
    patient = programme.patient
    assert patient is not None
    try:
        options = HandoutOptions.from_mapping(
            {k: v for k, v in choices.items() if v is not None}, HandoutOptions.for_patient(patient)
        )
        handout, pdf = issue_handout(programme, None, options)
    except (HandoutRefused, OptionError) as problem:
        raise click.ClickException(f"Programme {programme_id}: {problem}") from problem
    db.session.commit()
    return pdf, download_name(patient.display_name, handout.snapshot["date"])


@click.command("handout")
@click.argument("programme_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="Where to write the PDF.")
@with_options
@with_appcontext
def handout_command(programme_id: int, output: Path, **choices: object) -> None:
    """Issue the handout of one programme and write it to a PDF file."""
    pdf, _ = _issue(programme_id, choices)
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KiB)")


@click.command("handouts")
@click.option("--programmes", required=True, help="Programme ids separated by commas, such as 1,2,3.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PDFs (created if missing).")
@with_options
@with_appcontext
def handouts_command(programmes: str, out_dir: Path, **choices: object) -> None:
    """Issue the handouts of several programmes, one PDF each, named like a browser download."""
    try:
        ids = [int(part) for part in programmes.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("use numbers separated by commas, such as 1,2,3", param_hint="--programmes") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = []
    for programme_id in ids:  # one bad programme must not stop the others
        try:
            pdf, name = _issue(programme_id, choices)
        except click.ClickException as problem:
            db.session.rollback()
            click.echo(f"Skipped: {problem.message}", err=True)
            failed.append(programme_id)
            continue
        target = out_dir / f"{programme_id}-{name}"
        target.write_bytes(pdf)
        click.echo(f"Wrote {target}")
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(ids)} handouts not written: {', '.join(map(str, failed))}")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(handout_command)
    app.cli.add_command(handouts_command)
