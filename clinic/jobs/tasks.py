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


def prefill(clinic_id: int, protocol_id: str) -> str:
    """The queue's prefill task (clinic.jobs.prefill): one protocol's parts for one clinic, nothing recorded."""
    from clinic.handout.options import HandoutOptions
    from clinic.handout.prefill import prefill_protocol
    from clinic.models import Clinic
    from clinic.state import catalogue

    try:
        clinic = db.session.get(Clinic, clinic_id)
        protocol = catalogue().protocols.get(protocol_id)
        if clinic is None or protocol is None:
            return "clinic or protocol gone"
        done = prefill_protocol(clinic, protocol, HandoutOptions())
        return f"{done.laid_out} parts laid out, {done.already} already cached"
    finally:
        db.session.remove()
