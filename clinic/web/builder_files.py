"""Programme files (JSON export and import) and saving a programme as a clinic template."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from clinic.db import db
from clinic.models import Programme
from clinic.models.common import utcnow
from clinic.services import audit, untrusted_json
from clinic.services.builder import copy_programme
from clinic.services.patient_text import leave_patient_text
from clinic.services.programme_files import ImportProblem, export_programme, import_programme
from clinic.services.text_limits import too_long
from clinic.state import catalogue
from clinic.web.access import get_patient_or_404, get_programme_or_404
from clinic.web.builder import bp, clinic_templates, start_page


def _file_name(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "programme"
    return f"{slug[:60]}.json"


def _holds_nul(raw: bytes) -> bool:
    """A ``\u0000`` in the file's JSON (PostgreSQL cannot store it); other problems are the importer's to name."""
    try:
        untrusted_json.loads(raw)
    except untrusted_json.HoldsNul:
        return True
    except ValueError:
        return False
    return False


@bp.get("/programmes/<int:programme_id>/export.json")
@login_required
def export_json(programme_id: int) -> Response:
    """A download with no patient data in it (see programme_files)."""
    programme = get_programme_or_404(programme_id)
    audit.record("programme.export_json", patient_id=programme.patient_id, object_type="programme",
                 object_id=programme.id)
    db.session.commit()
    body = json.dumps(export_programme(programme, catalogue()), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{_file_name(programme.title)}"'})


@bp.post("/patients/<int:patient_id>/programmes/import")
@login_required
def import_json(patient_id: int) -> Any:
    patient = get_patient_or_404(patient_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return start_page(patient, [gettext("Choose a programme file (.json) to import.")], 422)
    raw = upload.read()
    if _holds_nul(raw):
        return start_page(patient, [gettext("This file holds a NUL character, so it is damaged or not a "
                                            "programme file. Nothing was imported.")], 400)
    try:
        programme = import_programme(raw, patient, current_user, catalogue())
    except ImportProblem as problem:
        return start_page(patient, problem.problems, 422)
    db.session.flush()
    audit.record("programme.create", patient_id=patient.id, object_type="programme",
                 object_id=programme.id, source="import")
    db.session.commit()
    flash(gettext("Imported “%(title)s”.", title=programme.title), "success")
    return redirect(url_for("builder.edit", programme_id=programme.id), 303)


def _same_name(title: str) -> Programme | None:
    """The clinic's live template with this name, ignoring case and outer spaces."""
    wanted = title.strip().casefold()
    return next((t for t in clinic_templates() if t.title.strip().casefold() == wanted), None)


@bp.post("/programmes/<int:programme_id>/template")
@login_required
def save_template(programme_id: int) -> Any:
    """Copy the programme, without its patient or their own text, into the clinic's templates.

    The goal and notes stay behind unless ticked; a name already in use is
    replaced only after the therapist confirms it.
    """
    programme = get_programme_or_404(programme_id)
    title = (request.form.get("title") or programme.title).strip()
    if problem := too_long("title", len(title)):
        flash(problem, "error")
        return redirect(url_for("builder.edit", programme_id=programme.id), 303)
    keep_goal, keep_notes = request.form.get("keep_goal") == "1", request.form.get("keep_notes") == "1"
    existing = _same_name(title)
    if existing is not None and existing.id != programme.id and request.form.get("replace") != "1":
        return render_template("builder/template_replace.html", programme=programme, existing=existing,
                               title=title, keep_goal=keep_goal, keep_notes=keep_notes), 409
    template = copy_programme(programme, None, current_user, as_template=True, title=title)
    leave_patient_text(template, programme, catalogue(), keep_goal=keep_goal, keep_notes=keep_notes)
    if existing is not None and existing.id != programme.id:
        existing.archived_at = utcnow()
        audit.record("programme.template_archive", object_type="programme", object_id=existing.id,
                     replaced=True)
    db.session.flush()
    audit.record("programme.template", object_type="programme", object_id=template.id, source=programme.id,
                 kept=[k for k, v in (("goal", keep_goal), ("notes", keep_notes)) if v])
    db.session.commit()
    message = (gettext("Replaced the clinic template “%(title)s”.", title=template.title) if existing
               else gettext("Saved “%(title)s” as a clinic template.", title=template.title))
    flash(message, "success")
    return redirect(url_for("builder.edit", programme_id=programme.id), 303)
