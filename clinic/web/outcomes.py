"""The therapist's outcome measures: record a score at a visit, and set how often the patient's page asks.

Both are CSRF-protected forms reached from the patient's page; the patient is
loaded through ``clinic.web.access``, so another clinic's patient is a 404.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from clinic.db import db
from clinic.exercise_data import OutcomeScale
from clinic.models import Patient
from clinic.services import audit
from clinic.services.outcomes import (
    ITEM_MAX,
    ScoreRefused,
    last_items,
    read_every_days,
    read_score,
    record_score,
    scale_or_none,
    scales,
    set_schedule,
)
from clinic.web.access import get_patient_or_404

bp = Blueprint("outcomes", __name__, url_prefix="/patients/<int:patient_id>/scores")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here shows patient data."""


def _scale(scale_id: str) -> OutcomeScale:
    """The scale asked for; with none named, the first one (the core's PSFS)."""
    scale = scale_or_none(scale_id) if scale_id else next(iter(scales().values()), None)
    if scale is None:
        abort(404)
    return scale


def _form(patient: Patient, scale: OutcomeScale, problem: str = "", status: int = 200):  # type: ignore[no-untyped-def]
    values = dict(request.form) if request.method == "POST" else {}
    if not values and scale.named_items is not None:
        values = {f"item-{n}": item for n, item in enumerate(last_items(patient.id, scale.id), start=1)}
    page = render_template("outcomes/record.html", patient=patient, scale=scale, values=values,
                           problem=problem, today=date.today(), item_max=ITEM_MAX)
    return page, status


@bp.route("/new", methods=["GET", "POST"])
def record(patient_id: int):  # type: ignore[no-untyped-def]
    """A score taken at a visit; bad answers come back with the message and everything typed kept."""
    patient = get_patient_or_404(patient_id)
    scale = _scale(request.values.get("scale", ""))
    if request.method == "GET":
        return _form(patient, scale)
    try:
        answers = read_score(scale, request.form, date.today(), any_day=True)
    except ScoreRefused as refusal:
        return _form(patient, scale, problem=str(refusal), status=400)
    row = record_score(patient, scale, answers, user_id=current_user.id)
    audit.record("outcome_score", patient_id=patient.id, object_type="outcome_score", object_id=row.id,
                 scale=scale.id, day=row.day.isoformat())
    db.session.commit()
    flash(gettext("%(scale)s score %(score)s saved.", scale=scale.short_name, score=f"{row.score:g}"), "success")
    return redirect(url_for("patients.show", patient_id=patient.id) + "#scores-heading")


@bp.post("/schedule")
def schedule(patient_id: int) -> Response:
    """Ask the patient for a scale on their link's page every N days, or stop asking."""
    patient = get_patient_or_404(patient_id)
    scale = _scale(request.form.get("scale", ""))
    try:
        every_days = read_every_days(request.form.get("every_days", ""))
    except ScoreRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("patients.show", patient_id=patient.id) + "#scores-heading")
    set_schedule(patient, scale.id, every_days)
    audit.record("outcome_schedule", patient_id=patient.id, object_type="patient", object_id=patient.id,
                 scale=scale.id, every_days=every_days)
    db.session.commit()
    if every_days:
        flash(gettext("The patient's page will ask for the %(scale)s every %(n)d days.",
                      scale=scale.short_name, n=every_days), "success")
    else:
        flash(gettext("The patient's page no longer asks for a score."), "success")
    return redirect(url_for("patients.show", patient_id=patient.id) + "#scores-heading")
