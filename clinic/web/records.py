"""A patient's record: download it (JSON or FHIR), import one, or erase it on request.

Kept apart from the patient pages because every action here moves or destroys
a whole record, so each one is audited and the destructive one asks twice.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from clinic.db import db
from clinic.handout.fhir import patient_bundle
from clinic.models import Patient, Programme
from clinic.services import records, untrusted_json
from clinic.services.audit import record
from clinic.state import catalogue
from clinic.web.access import get_patient_or_404

bp = Blueprint("records", __name__, url_prefix="/patients")

@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here shows or changes patient data."""


def _download(data: dict[str, Any], filename: str, mimetype: str) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"  # health data: no copy left in a shared cache
    return response


def _file_stem(patient: Patient) -> str:
    safe = "".join(c for c in patient.last_name if c.isalnum() or c in "-_") or "patient"
    return f"{safe}-{patient.id}"


@bp.get("/<int:patient_id>/record")
def manage(patient_id: int) -> str:
    patient = get_patient_or_404(patient_id)
    return render_template("records/manage.html", patient=patient)


@bp.get("/<int:patient_id>/record.json")
def export_json(patient_id: int) -> Response:
    patient = get_patient_or_404(patient_id)
    data = records.export_record(patient)
    record("export_patient", patient_id=patient.id, object_type="patient", object_id=patient.id, format="json")
    db.session.commit()
    return _download(data, f"{_file_stem(patient)}-record.json", "application/json")


@bp.get("/<int:patient_id>/record.fhir.json")
def export_fhir(patient_id: int) -> Response:
    patient = get_patient_or_404(patient_id)
    programmes = list(db.session.execute(
        db.select(Programme)
        .where(Programme.patient_id == patient.id, Programme.clinic_id == current_user.clinic_id)
        .order_by(Programme.id)
    ).scalars())
    bundle = patient_bundle(patient, programmes, catalogue())
    record("export_patient", patient_id=patient.id, object_type="patient", object_id=patient.id, format="fhir")
    db.session.commit()
    return _download(bundle, f"{_file_stem(patient)}-fhir.json", "application/fhir+json")


@bp.route("/import", methods=["GET", "POST"])
def import_record() -> Any:
    if request.method == "GET":
        return render_template("records/import.html", error=None)
    upload = request.files.get("record")
    error = None
    if upload is None or not upload.filename:
        error = gettext("Choose the record file (.json) to import.")
    else:
        limit = int(current_app.config["RECORD_IMPORT_MAX_VALUES"])
        try:
            data = untrusted_json.loads(upload.stream.read(), max_values=limit)
            patient = records.import_record(data, current_user)
        except untrusted_json.HoldsNul:
            error = gettext(records.NUL_IN_RECORD)
        except untrusted_json.TooManyValues:
            most = f"{limit:,}"
            error = gettext("This file holds more entries than a patient record can (at most %(limit)s), "
                            "so it was not read. Nothing was imported.", limit=most)
        except (ValueError, RecursionError) as exc:  # bad JSON, bad text encoding or a bad record
            db.session.rollback()
            error = str(exc) if isinstance(exc, records.RecordImportError) else gettext("The file is not valid JSON.")
        else:
            db.session.commit()
            flash(gettext("Imported %(name)s as a new patient.", name=patient.display_name), "success")
            return redirect(url_for("patients.show", patient_id=patient.id))
    return render_template("records/import.html", error=error), 400


@bp.post("/<int:patient_id>/erase")
def erase(patient_id: int) -> Any:
    patient = get_patient_or_404(patient_id)
    if not current_user.is_admin:
        abort(403)
    typed = " ".join(request.form.get("confirm_name", "").split())
    if typed.casefold() != " ".join(patient.display_name.split()).casefold():
        flash(gettext("The name you typed does not match, so nothing was erased."), "error")
        return render_template("records/manage.html", patient=patient), 400
    counts = records.erase_patient(patient)
    db.session.commit()
    erased = ngettext("%(num)d programme", "%(num)d programmes", counts["programmes"])
    given = ngettext("%(num)d handout", "%(num)d handouts", counts["handouts"])
    flash(gettext("The patient's record was erased (%(programmes)s, %(handouts)s). "
                  "The audit log keeps only the patient number %(number)s.",
                  programmes=erased, handouts=given, number=patient_id), "success")
    return redirect(url_for("patients.index"))
