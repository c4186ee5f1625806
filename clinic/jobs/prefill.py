"""Prefill on the render queue: each clinic's protocols laid out in parts when a render worker starts (issue 17).

With printing from parts on, a clinic's first patient hits only if the
parts of the protocol they start from were laid out before. ``flask
prefill-parts`` does that by hand; with the queue, every render worker
starting up puts one job per clinic and protocol on a queue of its own, which
workers take only when no handout is waiting (RQ serves a worker's queues in
order). A job's RQ id names the render version, clinic and protocol, so
workers starting together queue each once, and a deploy that changes the
layout queues them again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from flask import current_app

from clinic.db import db
from clinic.handout.part_render import part_cache_on
from clinic.handout.render_version import render_version
from clinic.jobs.queue import named_queue
from clinic.models import Clinic
from clinic.state import catalogue

if TYPE_CHECKING:
    from rq import Queue

TASK = "clinic.jobs.tasks.prefill"
DONE_KEPT = 24 * 3600  # seconds a finished prefill keeps its id: workers starting within a day queue it once


def prefill_queue() -> Queue | None:
    """The queue of prefill jobs, beside the render queue (None without ``REDIS_URL``)."""
    return named_queue(f"{current_app.config['RENDER_QUEUE']}-prefill")


def prefill_job_id(clinic_id: int, protocol_id: str, version: str) -> str:
    """An RQ id of letters, digits and dashes: the protocol id (dots) by digest."""
    config = current_app.config
    protocol = hashlib.sha256(protocol_id.encode()).hexdigest()[:16]
    return f"{config['REDIS_NAMESPACE']}-{config['RENDER_QUEUE']}-prefill-{version}-{int(clinic_id)}-{protocol}"


def enqueue_prefills(queue: Queue) -> int:
    """Queue a prefill for every clinic and protocol not queued or done under this render version; how many."""
    if not part_cache_on():
        return 0
    from rq.job import Job

    version = render_version()
    timeout = int(current_app.config["RENDER_JOB_TIMEOUT"])
    queued = 0
    for clinic_id in db.session.execute(db.select(Clinic.id).order_by(Clinic.id)).scalars():
        for protocol_id in sorted(catalogue().protocols):
            job_id = prefill_job_id(clinic_id, protocol_id, version)
            if Job.exists(job_id, connection=queue.connection):
                continue
            queue.enqueue(TASK, clinic_id, protocol_id, job_id=job_id, job_timeout=timeout,
                          result_ttl=DONE_KEPT, failure_ttl=DONE_KEPT,
                          description=f"prefill handout parts: clinic {clinic_id}, {protocol_id}")
            queued += 1
    return queued
