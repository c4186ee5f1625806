"""``flask handouts --due``: a clinic's print run from the terminal, on the queue when there is one.

The run is the same batch of render jobs the "Print all handouts due"
button starts (clinic/jobs/batch.py). With a queue the workers render it and
this command follows their progress on a bar; with none it renders each
job here, one after another. Then it writes every finished PDF.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import click

from clinic.db import db
from clinic.handout.issue import issued_download_name, reprint
from clinic.jobs.batch import batch_jobs, batch_progress, start_batch
from clinic.jobs.queue import render_queue, submit
from clinic.models import IssuedHandout, Programme
from clinic.models.jobs import DONE

POLL_SECONDS = 0.5


def print_run(clinic_id: int, programmes: Sequence[Programme], out_dir: Path, timeout: float) -> list[str]:
    """Start, follow and write one print run; returns a line for each handout not written."""
    started = start_batch(clinic_id, None, programmes)
    db.session.commit()
    problems = [f"{p.id}: {reason}" for p, reason in started.refused]
    batch_id, total = started.batch.id, len(started.jobs)
    on_queue = render_queue() is not None
    with click.progressbar(length=total, label=f"Printing {total} handouts", show_pos=True) as bar:
        if not on_queue:
            for job in started.jobs:
                submit(job)  # rendered here: no queue is configured
                bar.update(1)
        else:
            for job in started.jobs:
                submit(job)
            _follow(batch_id, bar, time.monotonic() + timeout)
    for number, job in enumerate(batch_jobs(batch_id), start=1):
        if job.status != DONE:
            problems.append(f"{job.programme_id}: {job.error or 'not finished in time (still ' + job.status + ')'}")
            continue
        handout = db.session.get(IssuedHandout, job.issued_handout_id)
        assert handout is not None
        (out_dir / f"{number:02d}-{issued_download_name(handout)}").write_bytes(reprint(handout))
    db.session.commit()
    return problems


def _follow(batch_id: int, bar, deadline: float) -> None:  # type: ignore[no-untyped-def]
    shown = 0
    while time.monotonic() < deadline:
        db.session.expire_all()  # the workers write in their own sessions
        progress = batch_progress(batch_id)
        bar.update(progress.finished - shown)
        shown = progress.finished
        if progress.complete:
            return
        time.sleep(POLL_SECONDS)
