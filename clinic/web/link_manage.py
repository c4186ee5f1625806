"""The therapist's controls for a handout's patient link: revoke it, or renew it on a fresh handout.

Both are CSRF-protected forms on the patient's page; the handout is loaded
through ``clinic.web.access``, so another clinic's handout is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from clinic.db import db
from clinic.handout.issue import renew_link
from clinic.models import PatientLink
from clinic.services import audit
from clinic.services.patient_links import revoke
from clinic.web.access import get_handout_or_404

bp = Blueprint("link_manage", __name__)


def _link_of(handout_id: int) -> tuple[int, PatientLink]:
    handout = get_handout_or_404(handout_id)
    link = db.session.get(PatientLink, handout.patient_link_id) if handout.patient_link_id else None
    if link is None or link.clinic_id != current_user.clinic_id:
        abort(404)
    return handout.patient_id, link


@bp.post("/handouts/<int:handout_id>/link/revoke")
@login_required
def revoke_link(handout_id: int) -> Response:
    """Stop the link printed on this handout working, at once."""
    patient_id, link = _link_of(handout_id)
    revoke(link)
    audit.record("patient_link.revoke", clinic_id=link.clinic_id, patient_id=patient_id,
                 object_type="patient_link", object_id=link.id)
    db.session.commit()
    flash(gettext("The link no longer works. Renew it to give the patient a new one."), "success")
    return redirect(url_for("patients.show", patient_id=patient_id))


@bp.post("/handouts/<int:handout_id>/link/renew")
@login_required
def renew(handout_id: int) -> Response:
    """Make a new link (the old one stops) on a copy of this handout, ready to print."""
    handout = get_handout_or_404(handout_id)
    renewed, _ = renew_link(handout, current_user)
    db.session.commit()
    flash(gettext("A new link is ready: print the new handout at the top of the list and give it to the patient."),
          "success")
    return redirect(url_for("patients.show", patient_id=renewed.patient_id))
