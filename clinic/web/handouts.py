"""Handout pages: the builder's live preview, export (issue) and reprint.

Every view loads its record through ``clinic.web.access`` so a therapist only
ever reaches their own clinic's programmes and handouts.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from clinic.db import db
from clinic.handout.issue import (
    HandoutRefused,
    build_snapshot,
    download_name,
    issue_handout,
    issued_download_name,
    reprint,
)
from clinic.handout.language import check_language, handout_languages, mark_own_language
from clinic.handout.options import HandoutOptions, OptionError, known_language, unknown_language
from clinic.handout.render import render_html
from clinic.i18n import N_
from clinic.jobs.create import new_render_job
from clinic.jobs.queue import submit
from clinic.models import Patient, Programme
from clinic.services import audit
from clinic.state import catalogue
from clinic.web.access import get_handout_or_404, get_patient_or_404, get_programme_or_404
from clinic.web.edit_summary import EditSummary
from clinic.web.editing import programme_edit, save
from clinic.web.jobs import render_queue_on
from clinic.web.pdf_response import pdf_response

bp = Blueprint("handouts", __name__)


@bp.app_template_global()
def handout_language_choices() -> list[tuple[str, str]]:
    """For the export form: the page languages and every language a plugin translates into."""
    return handout_languages(catalogue())


def _patient_of(programme: Programme) -> Patient:
    if programme.patient_id is None:
        abort(404)  # a clinic template has no patient to print for
    return get_patient_or_404(programme.patient_id)


def _options(patient: Patient, values) -> HandoutOptions:  # type: ignore[no-untyped-def]
    return HandoutOptions.from_mapping(values, HandoutOptions.for_patient(patient))


def _refusal(message: str) -> Response:
    """Say plainly why a handout cannot be made; the therapist can fix it and retry."""
    return Response(message, status=400, mimetype="text/plain")


@bp.get("/programmes/<int:programme_id>/preview")
@login_required
def preview(programme_id: int) -> Response | str:
    """The handout as HTML for the builder's iframe; options come from the query string."""
    programme = get_programme_or_404(programme_id)
    patient = _patient_of(programme)
    try:
        options = _options(patient, request.args)
        snapshot = build_snapshot(programme, current_user, options)
    except (HandoutRefused, OptionError) as problem:
        return _refusal(str(problem))
    return render_html(snapshot, options, preview=True)


@bp.get("/programmes/<int:programme_id>/language-check")
@login_required
def language_check(programme_id: int) -> Response | str:
    """The export form's note on the chosen language: fallbacks to English and review status."""
    programme = get_programme_or_404(programme_id)
    patient = _patient_of(programme)
    language = (request.args.get("language") or patient.language or "en")[:10]
    if not known_language(language):
        return _refusal(unknown_language(language))
    return _language_check(programme, patient, language)


def _language_check(programme: Programme, patient: Patient, language: str) -> str:
    check = check_language(programme, patient, programme.clinic, current_user, catalogue(), language)
    return render_template("builder/_language_check.html", check=check, programme_id=programme.id)


@bp.post("/programmes/<int:programme_id>/own-language")
@programme_edit
def own_language(programme: Programme) -> Response:
    """The therapist says a typed text is already in the handout's language: stop counting it."""
    patient = _patient_of(programme)
    language = (request.form.get("language") or "")[:10]
    if not known_language(language):
        return _refusal(unknown_language(language))
    mark_own_language(programme, language, request.form.get("text", "")[:2000])
    return save(programme, EditSummary(N_("marked a typed text as already in %(language)s"), {"language": language}),
                lambda: _language_check(programme, patient, language))


@bp.post("/programmes/<int:programme_id>/export")
@login_required
def export(programme_id: int) -> Response | str:
    """Issue the handout (recorded and audited) and download it; with a queue, follow its render job."""
    programme = get_programme_or_404(programme_id)
    patient = _patient_of(programme)
    if render_queue_on():
        return _export_on_queue(programme, patient)
    try:
        options = _options(patient, request.form)
        handout, pdf = issue_handout(programme, current_user, options)
    except (HandoutRefused, OptionError) as problem:
        return _refusal(str(problem))
    # Named before the commit: afterwards reading the snapshot would load it back from the database.
    name = download_name(patient.display_name, handout.snapshot["date"])
    db.session.commit()
    return pdf_response(pdf, name, inline=request.form.get("open") == "inline")


def _export_on_queue(programme: Programme, patient: Patient) -> Response | str:
    """Take the snapshot now, queue its render, and answer at once with the job's progress."""
    try:
        job = new_render_job(programme, current_user, _options(patient, request.form))
    except (HandoutRefused, OptionError) as problem:
        return _refusal(str(problem))
    db.session.commit()
    submit(job)
    inline = request.form.get("open") == "inline"
    if request.headers.get("HX-Request"):
        return render_template("jobs/_job.html", job=job, inline=inline)
    return redirect(url_for("jobs.job_page", job_id=job.id, open="inline" if inline else None), 303)


@bp.get("/handouts/<int:handout_id>/pdf")
@login_required
def reprint_pdf(handout_id: int) -> Response:
    """Print an issued handout again, exactly as it was given, from its snapshot."""
    handout = get_handout_or_404(handout_id)
    pdf = reprint(handout)
    audit.record("handout.reprint", clinic_id=handout.clinic_id, patient_id=handout.patient_id,
                 object_type="issued_handout", object_id=handout.id)
    db.session.commit()
    return pdf_response(pdf, issued_download_name(handout),
                         inline=request.args.get("download") != "1")
