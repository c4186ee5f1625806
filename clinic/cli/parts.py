"""``flask prefill-parts``: fill the handout part cache with each protocol's default pick."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from clinic.db import db
from clinic.handout.options import PAPER_SIZES, HandoutOptions


@click.command("prefill-parts")
@click.option("--clinic-id", type=int, default=None, help="Only this clinic (default: every clinic).")
@click.option("--paper", type=click.Choice(PAPER_SIZES, case_sensitive=False), default="A4", show_default=True)
@click.option("--large-print/--standard-print", default=False, help="Print size (default: standard).")
@click.option("--language", default="en", show_default=True, help="Handout language.")
@with_appcontext
def prefill_parts_command(clinic_id: int | None, paper: str, large_print: bool, language: str) -> None:
    """Lay out the cards, advice and log of every protocol's default pick, so a first patient's handout hits.

    Nothing is recorded: each programme is made in a savepoint and rolled back.
    Works whether or not HANDOUT_PART_CACHE is on (the parts wait for it).
    """
    from clinic.handout.prefill import prefill_parts
    from clinic.models import Clinic

    query = db.select(Clinic).order_by(Clinic.id)
    if clinic_id is not None:
        query = query.where(Clinic.id == clinic_id)
    clinics = list(db.session.execute(query).scalars())
    if not clinics:
        raise click.ClickException("No clinic to prefill." if clinic_id is None else f"No clinic with id {clinic_id}.")
    paper = next(p for p in PAPER_SIZES if p.lower() == paper.lower())
    options = HandoutOptions(paper=paper, large_print=large_print, language=language)
    for clinic in clinics:
        for done in prefill_parts(clinic, options):
            click.echo(f"clinic {clinic.id}, {done.protocol}: {done.laid_out} parts laid out, {done.already} cached")
    db.session.rollback()


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(prefill_parts_command)
