"""Where a render job runs: on the RQ queue when ``REDIS_URL`` is set, else here and now.

RQ was chosen for being small and Redis-only (docs/decisions.md). The
queue message carries nothing but the job's id; its RQ id is derived from
that id, so a worker starting up can tell which queued rows Redis no longer
holds (Redis keeps nothing on disk here) and put them back.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app
from redis.exceptions import RedisError

from clinic.db import db
from clinic.jobs.render import RenderFailed, run_render_job
from clinic.models import RenderJob
from clinic.models.common import utcnow
from clinic.models.jobs import QUEUED, RENDERING
from clinic.redis_client import redis_client

if TYPE_CHECKING:
    from rq import Queue
    from rq.job import Job

log = logging.getLogger(__name__)

TASK = "clinic.jobs.tasks.render"


def render_queue() -> Queue | None:
    """The shared queue, or None for the embedded default (no Redis: jobs run in the web process)."""
    return named_queue(current_app.config["RENDER_QUEUE"])


def named_queue(name: str) -> Queue | None:
    """A queue of this app's namespace in its Redis; None without ``REDIS_URL``."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from rq import Queue  # imported only where a queue is configured: every flask command would pay for it

    return Queue(f"{current_app.config['REDIS_NAMESPACE']}:{name}", connection=redis_client(url))


def queue_job_id(job_id: int) -> str:
    config = current_app.config
    return f"{config['REDIS_NAMESPACE']}-{config['RENDER_QUEUE']}-render-{int(job_id)}"


def submit(job: RenderJob) -> None:
    """Run the committed job now (no queue), or put it on the queue; a queue that does not answer runs it here.

    Falling back keeps the therapist's export working while Redis is down,
    at the cost of rendering in the web process for that one request.
    """
    queue = render_queue()
    if queue is not None:
        try:
            enqueue(queue, job.id)
            return
        except RedisError as problem:
            log.error("render queue unreachable (%s); rendering job %s in the web process", problem, job.id)
    run_here(job.id)


def enqueue(queue: Queue, job_id: int) -> Job:
    from rq import Retry

    config = current_app.config
    tries = int(config["RENDER_JOB_ATTEMPTS"])
    return queue.enqueue(
        TASK, job_id, job_id=queue_job_id(job_id), job_timeout=int(config["RENDER_JOB_TIMEOUT"]),
        retry=Retry(max=tries - 1) if tries > 1 else None, result_ttl=3600, failure_ttl=7 * 24 * 3600,
        description=f"render handout job {job_id}",
    )


def requeue(job: RenderJob) -> None:
    """Make a failed job new again (same snapshot, tries counted afresh); the caller commits, then submits.

    RQ keeps a failed job under its id for a week; it is removed first so the
    same id can be queued again.
    """
    from rq.job import Job

    job.status, job.attempts, job.error, job.finished_at = QUEUED, 0, "", None
    queue = render_queue()
    if queue is not None:
        try:
            Job.fetch(queue_job_id(job.id), connection=queue.connection).delete()
        except Exception:  # gone already (expired), or Redis is down and submit will say so
            log.debug("no RQ job to remove for render job %s", job.id)


def run_here(job_id: int) -> str:
    """Every try of a job in this process, one after another, as the queue would retry it."""
    for _ in range(int(current_app.config["RENDER_JOB_ATTEMPTS"])):
        try:
            return run_render_job(job_id)
        except RenderFailed:
            continue
    return "failed"  # not reached: the last try fails the job instead of raising


def requeue_lost(queue: Queue, older_than: timedelta = timedelta(seconds=30)) -> int:
    """Put back unfinished jobs the queue has lost (Redis restarted, or emptied); returns how many.

    A job another worker is still rendering keeps its RQ job, so it is left
    alone; one counted twice by two starting workers is harmless, because a
    job is recorded once (``clinic.jobs.render``).
    """
    from rq.job import Job

    cutoff = utcnow() - older_than
    waiting = db.session.execute(
        db.select(RenderJob.id).where(RenderJob.status.in_((QUEUED, RENDERING)), RenderJob.created_at < cutoff)
    ).scalars().all()
    lost = [job_id for job_id in waiting if not Job.exists(queue_job_id(job_id), connection=queue.connection)]
    for job_id in lost:
        enqueue(queue, job_id)
    if lost:
        log.warning("render queue had lost %d job(s); put back: %s", len(lost), lost)
    return len(lost)
