"""Patients: the list with live search, the patient page, and create/edit/archive.

Patients are archived, never deleted, here: their issued handouts are a record
of care. Erasure on request is a separate, audited job.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import or_

from clinic.db import db
from clinic.handout.patient_page import link_overviews
from clinic.models import IssuedHandout, Patient, PatientLink, Programme, User
from clinic.models.common import utcnow
from clinic.services.audit import record
from clinic.services.outcomes import histories, scales, schedule_of
from clinic.web.access import get_patient_or_404
from clinic.web.patient_charts import adherence_chart, pain_chart, score_chart
from clinic.web.patient_forms import PatientForm

bp = Blueprint("patients", __name__, url_prefix="/patients")

LIST_LIMIT = 200


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here shows patient data."""


def _search(text: str, archived: bool) -> list[Patient]:
    query = db.select(Patient).where(Patient.clinic_id == current_user.clinic_id)
    query = query.where(Patient.archived_at.is_not(None) if archived else Patient.archived_at.is_(None))
    if text:
        # Escape LIKE's wildcards so "50%" or "P_1" match literally.
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Patient.display_name.ilike(pattern, escape="\\"),
                                Patient.reference.ilike(pattern, escape="\\")))
    query = query.order_by(Patient.display_name, Patient.id).limit(LIST_LIMIT + 1)
    return list(db.session.execute(query).scalars())


@bp.get("")
def index():  # type: ignore[no-untyped-def]
    text = request.args.get("q", "").strip()[:200]
    archived = request.args.get("archived") == "1"
    patients = _search(text, archived)
    context = {"patients": patients[:LIST_LIMIT], "more": len(patients) > LIST_LIMIT,
               "q": text, "archived": archived}
    # Live search swaps only the results; a history restore needs the whole page.
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render_template("patients/_results.html", **context)
    else:
        response = render_template("patients/index.html", **context)
    return response, 200, {"Vary": "HX-Request"}


@bp.route("/new", methods=["GET", "POST"])
def create():  # type: ignore[no-untyped-def]
    form = PatientForm()
    if form.validate_on_submit():
        patient = Patient(clinic_id=current_user.clinic_id)
        form.populate_obj(patient)
        db.session.add(patient)
        db.session.flush()
        record("create_patient", patient_id=patient.id, object_type="patient", object_id=patient.id)
        db.session.commit()
        flash(gettext("%(name)s has been added.", name=patient.display_name), "success")
        return redirect(url_for("patients.show", patient_id=patient.id))
    return render_template("patients/form.html", form=form, patient=None)


@bp.get("/<int:patient_id>")
def show(patient_id: int):  # type: ignore[no-untyped-def]
    patient = get_patient_or_404(patient_id)
    programmes = db.session.execute(
        db.select(Programme)
        .where(Programme.patient_id == patient.id, Programme.clinic_id == current_user.clinic_id)
        .order_by(Programme.updated_at.desc())
    ).scalars().all()
    handouts = db.session.execute(
        db.select(IssuedHandout, User.name)
        .outerjoin(User, User.id == IssuedHandout.issued_by_id)
        .where(IssuedHandout.patient_id == patient.id, IssuedHandout.clinic_id == current_user.clinic_id)
        .order_by(IssuedHandout.issued_at.desc())
    ).all()
    links = {link.id: link for link in db.session.execute(
        db.select(PatientLink).where(PatientLink.patient_id == patient.id,
                                     PatientLink.clinic_id == current_user.clinic_id)).scalars()}
    overviews = link_overviews(patient.id, date.today())
    link_charts = [(adherence_chart(f"adherence-{n}", o.summary), pain_chart(f"pain-{n}", o.summary))
                   for n, o in enumerate(overviews)]
    scores = histories(patient.id)
    score_charts = {h.scale_id: score_chart(f"score-{n}", h) for n, h in enumerate(scores)}
    record("view_patient", patient_id=patient.id, object_type="patient", object_id=patient.id)
    db.session.commit()
    return render_template("patients/show.html", patient=patient, programmes=programmes, handouts=handouts,
                           links=links, overviews=overviews, now=utcnow(), scales=scales(),
                           histories=scores, schedule=schedule_of(patient.id), link_charts=link_charts,
                           score_charts=score_charts)


@bp.route("/<int:patient_id>/edit", methods=["GET", "POST"])
def edit(patient_id: int):  # type: ignore[no-untyped-def]
    patient = get_patient_or_404(patient_id)
    form = PatientForm(obj=patient)
    if form.validate_on_submit():
        before = {name: getattr(patient, name) for name in form.data if name != "csrf_token"}
        form.populate_obj(patient)
        changed = sorted(name for name, value in before.items() if getattr(patient, name) != value)
        record("update_patient", patient_id=patient.id, object_type="patient", object_id=patient.id,
               fields=changed)
        db.session.commit()
        flash(gettext("The patient's details have been saved."), "success")
        return redirect(url_for("patients.show", patient_id=patient.id))
    return render_template("patients/form.html", form=form, patient=patient)


@bp.post("/<int:patient_id>/archive")
def archive(patient_id: int):  # type: ignore[no-untyped-def]
    patient = get_patient_or_404(patient_id)
    if patient.archived_at is None:
        patient.archived_at = utcnow()
        record("archive_patient", patient_id=patient.id, object_type="patient", object_id=patient.id)
        db.session.commit()
    flash(gettext("%(name)s has been archived. You can restore them from the archived list.",
                  name=patient.display_name), "success")
    return redirect(url_for("patients.index"))


@bp.post("/<int:patient_id>/restore")
def restore(patient_id: int):  # type: ignore[no-untyped-def]
    patient = get_patient_or_404(patient_id)
    if patient.archived_at is not None:
        patient.archived_at = None
        record("restore_patient", patient_id=patient.id, object_type="patient", object_id=patient.id)
        db.session.commit()
    flash(gettext("%(name)s has been restored.", name=patient.display_name), "success")
    return redirect(url_for("patients.show", patient_id=patient.id))
