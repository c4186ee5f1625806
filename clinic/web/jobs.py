"""Render jobs in the browser: progress of one export or a print run, the download, a retry.

These pages exist when a queue is configured (``REDIS_URL``): the export
button then enqueues and the page follows the job with htmx polling (every
second, and only while it is unfinished). Every job and batch is loaded
through ``clinic.web.access``, so a therapist only follows their own
clinic's work.
"""

from __future__ import annotations

import io
import zipfile

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from clinic.db import db
from clinic.handout.issue import issued_download_name, reprint
from clinic.jobs.batch import batch_jobs, batch_progress, due_programmes, start_batch
from clinic.jobs.queue import render_queue, requeue, submit
from clinic.models import IssuedHandout, RenderJob
from clinic.models.jobs import DONE, FAILED
from clinic.services import audit
from clinic.web.access import get_batch_or_404, get_job_or_404
from clinic.web.pdf_response import pdf_response

bp = Blueprint("jobs", __name__)


@bp.app_template_global()
def render_queue_on() -> bool:
    """For the builder: with a queue, Export PDF enqueues and shows progress instead of waiting."""
    return render_queue() is not None


def job_handout(job: RenderJob) -> IssuedHandout:
    handout = db.session.get(IssuedHandout, job.issued_handout_id) if job.issued_handout_id else None
    if job.status != DONE or handout is None:
        abort(404)
    return handout


def _fragment_or_page(fragment: str, page: str, **context: object) -> str:
    return render_template(fragment if request.headers.get("HX-Request") else page, **context)


@bp.get("/jobs/<int:job_id>")
@login_required
def job_page(job_id: int) -> Response | str:
    """One export's progress; with ``open=inline`` (the Print button) it opens the PDF once done."""
    job = get_job_or_404(job_id)
    inline = request.args.get("open") == "inline"
    if inline and job.status == DONE:
        opened = url_for("jobs.job_pdf", job_id=job.id, inline=1)
        if request.headers.get("HX-Request"):  # the polling fragment saw it finish: open the PDF in this tab
            return Response(status=200, headers={"HX-Redirect": opened})
        return redirect(opened, 303)
    return _fragment_or_page("jobs/_job.html", "jobs/job.html", job=job, inline=inline)


@bp.get("/jobs/<int:job_id>/pdf")
@login_required
def job_pdf(job_id: int) -> Response:
    """The handout a finished job recorded, as given (the export itself was audited when it was recorded)."""
    job = get_job_or_404(job_id)
    handout = job_handout(job)
    pdf = reprint(handout)
    db.session.commit()
    return pdf_response(pdf, issued_download_name(handout), inline=bool(request.args.get("inline")))


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry_job(job_id: int) -> Response | str:
    """Queue a failed job again, with the same snapshot; a finished or waiting one is left as it is."""
    job = get_job_or_404(job_id)
    if job.status == FAILED:
        requeue(job)
        audit.record("render_job.retry", clinic_id=job.clinic_id, patient_id=job.patient_id,
                     object_type="render_job", object_id=job.id)
        db.session.commit()
        submit(job)
        db.session.refresh(job)
    if request.headers.get("HX-Request"):
        return render_template("jobs/_job.html", job=job, inline=False)
    return redirect(url_for("jobs.job_page", job_id=job.id), 303)


@bp.get("/handouts/due")
@login_required
def due() -> str:
    """The clinic's handouts that are due, with one button to print them all."""
    return render_template("jobs/due.html", programmes=due_programmes(current_user.clinic_id))


@bp.post("/handouts/due")
@login_required
def print_due() -> Response:
    """Start a print run of every due handout; each patient's own paper, print size and language."""
    programmes = due_programmes(current_user.clinic_id)
    if not programmes:
        return redirect(url_for("jobs.due"), 303)
    started = start_batch(current_user.clinic_id, current_user, programmes)
    audit.record("print_batch", clinic_id=current_user.clinic_id, object_type="print_batch",
                 object_id=started.batch.id, jobs=len(started.jobs), refused=len(started.refused))
    db.session.commit()
    for job in started.jobs:  # queued for the workers, or with no queue rendered here one by one
        submit(job)
    for programme, reason in started.refused:
        name = programme.patient.display_name if programme.patient else ""
        flash(gettext("Not printed for %(name)s: %(reason)s", name=name, reason=reason), "warning")
    return redirect(url_for("jobs.batch_page", batch_id=started.batch.id), 303)


@bp.get("/batches/<int:batch_id>")
@login_required
def batch_page(batch_id: int) -> str:
    batch = get_batch_or_404(batch_id)
    return _fragment_or_page("jobs/_batch.html", "jobs/batch.html", batch=batch, jobs=batch_jobs(batch.id),
                             progress=batch_progress(batch.id))


@bp.get("/batches/<int:batch_id>/handouts.zip")
@login_required
def batch_zip(batch_id: int) -> Response:
    """Every finished handout of the run in one file, numbered in the order of the list."""
    batch = get_batch_or_404(batch_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for number, job in enumerate((j for j in batch_jobs(batch.id) if j.status == DONE), start=1):
            handout = job_handout(job)
            archive.writestr(f"{number:02d}-{issued_download_name(handout)}", reprint(handout))
    db.session.commit()
    if not buffer.tell() or len(buffer.getvalue()) <= 22:  # an empty archive: nothing finished yet
        abort(404, gettext("No handout of this print run is finished yet."))
    buffer.seek(0)
    response = send_file(buffer, mimetype="application/zip", as_attachment=True,
                         download_name=f"handouts-{batch.created_at:%Y-%m-%d}-{batch.id}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response
