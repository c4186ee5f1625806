"""What a render worker imports to run a job; kept apart so the web process never imports a worker."""

from __future__ import annotations

from clinic.db import db
from clinic.jobs.render import run_render_job


def render(job_id: int) -> str:
    """The queue's task: one render job, in the worker's app context, with a fresh session each time."""
    try:
        return run_render_job(job_id)
    finally:
        db.session.remove()
