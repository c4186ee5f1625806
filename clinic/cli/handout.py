"""``flask handout`` and ``flask handouts``: issue handouts from the command line.

Each one is recorded and audited as an export like one from the browser (with
no user), so the patient's record shows every handout that left the clinic.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.cli.print_run import print_run
from clinic.db import db
from clinic.handout.issue import HandoutRefused, download_name, issue_handout
from clinic.handout.options import PAPER_SIZES, HandoutOptions, OptionError
from clinic.jobs.batch import due_programmes
from clinic.jobs.queue import render_queue
from clinic.models import Programme

option_flags = [
    click.option("--paper", type=click.Choice(PAPER_SIZES, case_sensitive=False), default=None,
                 help="Paper size; default: the patient's."),
    click.option("--large-print/--standard-print", default=None, help="Print size; default: the patient's."),
    click.option("--language", default=None,
                 help="Language code with handout text (en, es, or one a plugin adds); default: the patient's."),
    click.option("--log-sheet/--no-log-sheet", default=True, help="Add the weekly log sheet (default: yes)."),
]


def with_options(command):  # type: ignore[no-untyped-def]
    for flag in reversed(option_flags):
        command = flag(command)
    return command


def _issue(programme_id: int, choices: dict) -> tuple[bytes, str]:
    """Issue one programme's handout, not yet committed; a problem becomes a ClickException."""
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
    return pdf, download_name(patient.display_name, handout.snapshot["date"])


def _write_then_record(target: Path, pdf: bytes) -> None:
    """Write the PDF, and only then commit the record: a handout that never left is not recorded."""
    try:
        target.write_bytes(pdf)
    except OSError as problem:
        db.session.rollback()
        raise click.ClickException(f"Could not write {target}: {problem.strerror or problem}. "
                                   "Nothing was recorded.") from problem
    db.session.commit()


def _check_folder(folder: Path) -> None:
    """Say so before any work when the folder is missing, so no handout is issued for nothing."""
    if not folder.is_dir():
        raise click.ClickException(f"The folder {folder} does not exist. Create it, or choose another -o path.")


@click.command("handout")
@click.argument("programme_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the PDF (its folder must exist).")
@with_options
@with_appcontext
def handout_command(programme_id: int, output: Path, **choices: object) -> None:
    """Issue the handout of one programme and write it to a PDF file."""
    _check_folder(output.parent)
    pdf, _ = _issue(programme_id, choices)
    _write_then_record(output, pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KiB)")


@click.command("handouts")
@click.option("--programmes", default=None, help="Programme ids separated by commas, such as 1,2,3.")
@click.option("--due", "due_clinic", type=int, default=None, metavar="CLINIC_ID",
              help="Instead of --programmes: every handout due in this clinic (never printed, or changed since).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PDFs (created if missing).")
@click.option("--timeout", type=float, default=1800, show_default=True,
              help="With a queue: seconds to wait for the render workers.")
@with_options
@with_appcontext
def handouts_command(programmes: str | None, due_clinic: int | None, out_dir: Path, timeout: float,
                     **choices: object) -> None:
    """Issue the handouts of several programmes, one PDF each, named like a browser download.

    With --due, or when a render queue is configured (REDIS_URL), they are
    printed as one run of render jobs, with a progress bar, in each patient's
    own print options.
    """
    if (programmes is None) == (due_clinic is None):
        raise click.UsageError("Give either --programmes or --due CLINIC_ID.")
    ids = _programme_ids(programmes) if programmes is not None else []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise click.ClickException(f"Could not create the folder {out_dir}: {problem.strerror or problem}.") from None
    if due_clinic is not None or render_queue() is not None:
        if any(value is not None for flag, value in choices.items() if flag != "log_sheet"):
            click.echo("A print run uses each patient's own paper, print size and language; "
                       "--paper, --large-print and --language are not used.", err=True)
        _run_as_batch(ids, due_clinic, out_dir, timeout)
        return
    failed = []
    for programme_id in ids:  # one bad programme must not stop the others
        try:
            pdf, name = _issue(programme_id, choices)
            target = out_dir / f"{programme_id}-{name}"
            _write_then_record(target, pdf)
        except click.ClickException as problem:
            db.session.rollback()
            click.echo(f"Skipped: {problem.message}", err=True)
            failed.append(programme_id)
            continue
        click.echo(f"Wrote {target}")
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(ids)} handouts not written: {', '.join(map(str, failed))}")


def _programme_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("use numbers separated by commas, such as 1,2,3", param_hint="--programmes") from None


def _run_as_batch(ids: list[int], due_clinic: int | None, out_dir: Path, timeout: float) -> None:
    """One print run: the due list of a clinic, or the given programmes (all of one clinic)."""
    if due_clinic is not None:
        chosen = list(due_programmes(due_clinic))
        clinic_id = due_clinic
    else:
        chosen = [p for p in (db.session.get(Programme, i) for i in ids) if p is not None and p.patient_id]
        clinics = {p.clinic_id for p in chosen}
        if len(chosen) != len(ids) or len(clinics) != 1:
            raise click.ClickException("Every programme must exist, belong to a patient and be of one clinic.")
        clinic_id = clinics.pop()
    if not chosen:
        click.echo("No handout is due.")
        return
    problems = print_run(clinic_id, chosen, out_dir, timeout)
    click.echo(f"Wrote {len(chosen) - len(problems)} of {len(chosen)} handouts to {out_dir}")
    for line in problems:
        click.echo(f"Not printed: programme {line}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} of {len(chosen)} handouts not written.")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(handout_command)
    app.cli.add_command(handouts_command)
