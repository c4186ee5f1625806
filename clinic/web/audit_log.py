"""The audit log as a CSV file, filtered like the page (``/admin/audit`` in admin.py).

Exporting the trail is itself a disclosure of who saw which patient, so it is
admins only and is audited in turn.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, stream_with_context
from flask_login import current_user, login_required

from clinic.db import db
from clinic.models.common import utcnow
from clinic.services.audit import record
from clinic.services.audit_query import AuditFilter, csv_lines

bp = Blueprint("audit_log", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    if not current_user.is_admin:
        abort(403)


@bp.get("/audit.csv")
def export_csv() -> Response:
    wanted = AuditFilter.from_args(request.args)
    clinic_id = int(current_user.clinic_id)
    record("export_audit_log", object_type="audit_log", filter=wanted.as_args())
    db.session.commit()
    filename = f"audit-log-{utcnow().strftime('%Y-%m-%d')}.csv"
    response = Response(stream_with_context(csv_lines(clinic_id, wanted)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
