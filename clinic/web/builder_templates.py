"""The clinic's programme templates: a list to open, edit in the builder, or retire."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import login_required

from clinic.db import db
from clinic.models.common import utcnow
from clinic.services import audit
from clinic.web.access import get_programme_or_404
from clinic.web.builder import bp, clinic_templates


@bp.get("/templates")
@login_required
def templates() -> Any:
    return render_template("builder/templates.html", templates=clinic_templates())


@bp.post("/templates/<int:programme_id>/archive")
@login_required
def archive_template(programme_id: int) -> Any:
    """Retire a template; programmes started from it are copies and stay as they are."""
    template = get_programme_or_404(programme_id)
    if not template.is_template:
        abort(404)
    template.archived_at = utcnow()
    audit.record("programme.template_archive", object_type="programme", object_id=template.id)
    db.session.commit()
    flash(gettext("“%(title)s” is no longer offered as a template.", title=template.title), "success")
    return redirect(url_for("builder.templates"), 303)
