"""The render worker: ``flask --app clinic render-worker``, one process per core on any host.

It is RQ's ``SimpleWorker`` (jobs run in this process, which stays warm:
plugins, stylesheet and fonts loaded once, then frozen out of the garbage
collector's reach) with a heartbeat thread. RQ's forking worker beats its
heart from the parent while a child renders; a simple worker is busy in the
job, so without the thread its job would look alive for the whole job
timeout after the host died. With it, a job whose worker fell silent for
``RENDER_WORKER_HEARTBEAT + RENDER_WORKER_GRACE`` seconds is taken up by
another worker's routine clean-up and retried (clinic.jobs.render makes the
retry safe).
"""

from __future__ import annotations

import threading

import click
from flask import Flask
from rq import SimpleWorker
from rq.job import Job
from rq.queue import Queue
from rq.worker import WorkerStatus

from clinic.jobs.prefill import prefill_queue
from clinic.jobs.queue import render_queue
from clinic.jobs.render import worker_name


class RenderWorker(SimpleWorker):
    """A simple worker that keeps proving it is alive while a job runs."""

    grace = 15

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        return int(self.job_monitoring_interval + self.grace)

    def execute_job(self, job: Job, queue: Queue) -> None:
        execution = self.prepare_execution(job)
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job, execution)
                except Exception:  # a missed beat only shortens the job's lease
                    self.log.warning("heartbeat for job %s failed", job.id, exc_info=True)

        thread = threading.Thread(target=beat, name=f"heartbeat-{job.id}", daemon=True)
        thread.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            thread.join(timeout=5)
        self.set_state(WorkerStatus.IDLE)


def make_worker(app: Flask, name: str | None = None) -> RenderWorker:
    """A worker on this app's queue, with its heartbeat and clean-up set from the config."""
    queue = render_queue()
    if queue is None:
        raise click.ClickException("REDIS_URL is not set: with no queue, handouts render in the web process "
                                   "and no worker is needed (docs/deploy.md).")
    config = app.config
    heartbeat = int(config["RENDER_WORKER_HEARTBEAT"])
    prefill = prefill_queue()
    worker = RenderWorker(
        [queue, prefill], connection=queue.connection, name=name or worker_name(),  # handouts first
        job_monitoring_interval=heartbeat,
        # Idle, RQ blocks on the queue for worker_ttl - 15 s between clean-ups; keep that short so a
        # dead worker's job is found within seconds, not minutes.
        worker_ttl=heartbeat + 15, maintenance_interval=max(heartbeat * 2, 5),
    )
    worker.grace = int(config["RENDER_WORKER_GRACE"])
    return worker
