"""Turn an export request into a render job: the snapshot is taken now, in the request."""

from __future__ import annotations

from flask import current_app

from clinic.db import db
from clinic.handout.issue import prepare_issue
from clinic.handout.options import HandoutOptions
from clinic.models import PrintBatch, Programme, RenderJob, User
from clinic.services.patient_links import link_base_url


def new_render_job(programme: Programme, requester: User | None, options: HandoutOptions,
                   batch: PrintBatch | None = None) -> RenderJob:
    """A queued job for this programme's handout, flushed (the caller commits before submitting it).

    Refusals (``HandoutRefused``: too many exercises, a missing plugin, a
    language with no text) are raised here, so the therapist reads them at
    once instead of on a failed job.
    """
    snapshot, key = prepare_issue(programme, requester, options)
    job = RenderJob(
        clinic_id=programme.clinic_id, patient_id=programme.patient_id, programme_id=programme.id,
        programme_version=programme.version, requested_by_id=requester.id if requester else None,
        batch_id=batch.id if batch is not None else None, options=options.as_dict(),
        snapshot=snapshot.stored(), content_key=key, base_url=link_base_url() or "",
    )
    db.session.add(job)
    db.session.flush()
    current_app.logger.info("render job %s queued for programme %s", job.id, programme.id)
    return job
