"""``flask render-worker``: render handouts from the shared queue (clinic/jobs/worker.py)."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from clinic.db import db


@click.command("render-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (for batch runs and tests).")
@click.option("--name", default=None, help="The worker's name in the queue; default host:pid.")
@with_appcontext
def render_worker_command(burst: bool, name: str | None) -> None:
    """Render handouts from the shared queue (needs REDIS_URL); run one per core, on any host."""
    from clinic.handout.collector import freeze_worker
    from clinic.jobs.prefill import enqueue_prefills
    from clinic.jobs.queue import requeue_lost
    from clinic.jobs.worker import make_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker = make_worker(app, name)
    if nice := int(app.config["RENDER_WORKER_NICE"]):
        os.nice(nice)
    put_back = requeue_lost(worker.queues[0])
    prefills = enqueue_prefills(worker.queues[1])
    db.session.remove()
    freeze_worker(app)
    note = f" ({put_back} lost job(s) put back)" if put_back else ""
    if prefills:
        note += f" ({prefills} prefill job(s) queued for the part cache)"
    click.echo(f"Render worker {worker.name} on queue {worker.queues[0].name}{note}.")
    worker.work(burst=burst, logging_level="INFO")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(render_worker_command)
