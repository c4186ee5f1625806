"""Run one render job: claim it, lay the handout out, record it once.

A queue delivers at least once: a worker that died mid-job has its job
retried by another. What makes that safe is the job row. Claiming counts the
attempt; finishing sets ``issued_handout_id`` with an ``UPDATE ... WHERE
issued_handout_id IS NULL`` in the same transaction as the new handout, so a
second run of the same job finds the row taken, rolls its own handout, link
and audit event back, and the patient's record holds exactly one.
"""

from __future__ import annotations

import logging
import os
import socket

from flask import current_app
from sqlalchemy import update

from clinic.db import db
from clinic.exercise_data.snapshot import read_snapshot
from clinic.handout.issue import HandoutRefused, record_issue
from clinic.handout.options import HandoutOptions
from clinic.models import IssuedHandout, Programme, RenderJob, User
from clinic.models.common import utcnow
from clinic.models.jobs import DONE, FAILED, QUEUED, RENDERING

log = logging.getLogger(__name__)

GAVE_UP = ("The handout could not be printed after %(attempts)d tries (job %(job)d). "
           "Press Retry; if it fails again, tell your admin the job number.")
"""Shown to the therapist; the technical reason is in the worker's log."""


class RenderFailed(RuntimeError):
    """An attempt failed for a reason another attempt may not have; the queue retries it."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_render_job(job_id: int) -> str:
    """Render and record job ``job_id``; returns what happened (``done``, ``duplicate``, ``failed``, ``skipped``).

    Raises ``RenderFailed`` when an attempt failed and tries are left, so the
    queue runs it again; a refusal the therapist must fix fails at once.
    """
    if not _claim(job_id):
        return "skipped"  # finished already, or erased with its patient
    job = db.session.get(RenderJob, job_id)
    assert job is not None
    try:
        handout = _render_and_record(job)
    except HandoutRefused as refusal:
        db.session.rollback()
        _fail(job_id, str(refusal))
        return "failed"
    except Exception as problem:
        db.session.rollback()
        return _failed_attempt(job_id, problem)
    return "done" if handout is not None else "duplicate"


def _claim(job_id: int) -> bool:
    """Count an attempt and mark the job rendering, unless it is finished or gone."""
    claimed = db.session.execute(
        update(RenderJob).where(RenderJob.id == job_id, RenderJob.status.in_((QUEUED, RENDERING)))
        .values(status=RENDERING, attempts=RenderJob.attempts + 1, started_at=utcnow(), worker=worker_name())
    ).rowcount
    db.session.commit()
    return bool(claimed)


def _render_and_record(job: RenderJob) -> IssuedHandout | None:
    programme = db.session.get(Programme, job.programme_id)
    if programme is None:
        raise HandoutRefused("The programme was deleted before its handout was printed.")
    requester = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    handout, _ = record_issue(programme, requester, HandoutOptions.from_dict(job.options),
                              read_snapshot(job.snapshot), job.content_key, job.base_url or None,
                              programme_version=job.programme_version)
    finished = db.session.execute(
        update(RenderJob).where(RenderJob.id == job.id, RenderJob.issued_handout_id.is_(None))
        .values(status=DONE, issued_handout_id=handout.id, finished_at=utcnow(), error="")
    ).rowcount
    if finished != 1:  # another run of this job recorded it first
        db.session.rollback()
        log.info("render job %s was already recorded; this run's handout is dropped", job.id)
        return None
    db.session.commit()
    return handout


def _fail(job_id: int, message: str) -> None:
    db.session.execute(update(RenderJob).where(RenderJob.id == job_id, RenderJob.status != DONE)
                       .values(status=FAILED, error=message[:2000], finished_at=utcnow()))
    db.session.commit()


def _failed_attempt(job_id: int, problem: Exception) -> str:
    """Log the reason; give up after the configured tries, else put the job back and let the queue retry."""
    log.exception("render job %s failed", job_id, exc_info=problem)
    job = db.session.get(RenderJob, job_id)
    if job is None:
        return "skipped"
    attempts = job.attempts
    if attempts >= int(current_app.config["RENDER_JOB_ATTEMPTS"]):
        _fail(job_id, GAVE_UP % {"attempts": attempts, "job": job_id})
        return "failed"
    db.session.execute(update(RenderJob).where(RenderJob.id == job_id, RenderJob.status == RENDERING)
                       .values(status=QUEUED, error=f"Try {attempts} failed; trying again."))
    db.session.commit()
    raise RenderFailed(f"render job {job_id}, attempt {attempts}: {problem}") from problem
