"""The programme builder: start a programme, then shape it on one page.

The edits themselves live in ``builder_edits`` and the file import/export in
``builder_files``; both add routes to this blueprint.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from clinic.db import db
from clinic.exercise_data.snapshot import read_snapshot
from clinic.handout import changes as handout_changes
from clinic.handout.patient_page import link_overviews
from clinic.handout.resolve import resolve_programme
from clinic.i18n import select_locale
from clinic.models import Patient, Programme
from clinic.services import audit, builder_view, dosage_form, library_search, programme_settings
from clinic.services.builder import copy_programme
from clinic.services.programmes import create_programme
from clinic.services.protocol_choices import protocol_choices
from clinic.state import catalogue
from clinic.web.access import form_id, get_patient_or_404, get_programme_or_404
from clinic.web.library import library_context

bp = Blueprint("builder", __name__)


@bp.context_processor
def _dosage_choices() -> dict[str, Any]:
    return {"sides": dosage_form.SIDES, "load_kinds": dosage_form.LOAD_KINDS, "load_at": dosage_form.LOAD_AT}


def clinic_templates() -> list[Programme]:
    return list(db.session.execute(
        db.select(Programme)
        .filter_by(clinic_id=current_user.clinic_id, is_template=True, archived_at=None)
        .order_by(Programme.title)
    ).scalars())


def patient_programmes(patient: Patient) -> list[Programme]:
    return list(db.session.execute(
        db.select(Programme).filter_by(patient_id=patient.id, is_template=False)
        .order_by(Programme.created_at.desc(), Programme.id.desc())
    ).scalars())


def start_page(patient: Patient, problems: list[str] | None = None, status: int = 200) -> Any:
    """The start choices; shown again with the problems when an import is refused."""
    return render_template(
        "builder/start.html", patient=patient, protocols=protocol_choices(catalogue(), select_locale()),
        templates=clinic_templates(), earlier=patient_programmes(patient), problems=problems or [],
    ), status


@bp.get("/patients/<int:patient_id>/programmes/new")
@login_required
def new_programme(patient_id: int) -> Any:
    return start_page(get_patient_or_404(patient_id))


@bp.post("/patients/<int:patient_id>/programmes")
@login_required
def start_programme(patient_id: int) -> Any:
    """Start from a protocol, a clinic template, an earlier programme, or blank."""
    patient = get_patient_or_404(patient_id)
    source = request.form.get("source")
    if source is None:  # a plain "New programme" button: offer the choices first
        return redirect(url_for("builder.new_programme", patient_id=patient.id), 303)
    if source == "protocol":
        protocol = catalogue().protocols.get(request.form.get("protocol_id", ""))
        if protocol is None:
            return start_page(patient, [gettext("That protocol is not in the library any more.")], 422)
        programme = create_programme(patient, current_user, protocol)
    elif source in ("template", "copy"):
        original = get_programme_or_404(form_id(request.form.get("programme_id")))
        if source == "template" and not original.is_template:
            abort(404)
        programme = copy_programme(original, patient, current_user)
    else:
        programme = create_programme(patient, current_user)
    db.session.flush()
    audit.record("programme.create", patient_id=patient.id, object_type="programme",
                 object_id=programme.id, source=source)
    db.session.commit()
    return redirect(url_for("builder.edit", programme_id=programme.id), 303)


def settings_context(programme: Programme, form: programme_settings.SettingsForm | None = None) -> dict:
    form = form or programme_settings.form_for(programme, catalogue())
    return {"programme": programme, "settings": form, "tiers": programme_settings.TIERS}


def changes_context(programme: Programme) -> dict[str, Any]:
    """Compare the last issued handout with what the programme would print now."""
    issued = handout_changes.last_issued(programme)
    if issued is None or programme.patient is None:
        return {"issued": None, "changes": []}
    now = resolve_programme(programme, programme.patient, programme.clinic, current_user,
                            catalogue(), language=issued.language, pictures=False)
    return {"issued": issued, "changes": handout_changes.therapist_sentences(read_snapshot(issued.snapshot), now)}


@bp.get("/programmes/<int:programme_id>")
@login_required
def edit(programme_id: int) -> Any:
    programme = get_programme_or_404(programme_id)
    patient = programme.patient
    query = library_search.Query.from_args(request.args)
    return render_template(
        "builder/builder.html", patient=patient, sections=builder_view.sections(catalogue(), programme),
        load=builder_view.load_check(catalogue(), programme), **library_context(query, programme),
        **settings_context(programme), **changes_context(programme),
        at_home=link_overviews(patient.id, date.today(), programme.id) if patient else [],
    )


@bp.get("/programmes/<int:programme_id>/changes")
@login_required
def changes(programme_id: int) -> Any:
    programme = get_programme_or_404(programme_id)
    return render_template("builder/_changes.html", programme=programme, **changes_context(programme))


from clinic.web import builder_edits, builder_files, builder_templates  # noqa: E402,F401  (routes on this blueprint)
