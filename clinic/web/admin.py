"""Clinic admin: the clinic's details and logo, its therapists, and the audit log.

Only admins may open these pages; everyone else gets 403. Users are looked up
inside the admin's own clinic, so another clinic's user is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from clinic.db import db
from clinic.models import Clinic, User
from clinic.models.common import utcnow
from clinic.services import accounts
from clinic.services.audit import record
from clinic.services.audit_query import AuditFilter, audit_query, clinic_users, known_actions
from clinic.services.emergency import emergency_number
from clinic.services.logos import LogoError, check_logo
from clinic.web.access import get_user_or_404
from clinic.web.admin_forms import LOGO_MAX_BYTES, ClinicForm, NewUserForm
from clinic.web.labels import ROLES

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE_SIZE = 200


@bp.before_request
@login_required
def _admins_only() -> None:
    if not current_user.is_admin:
        abort(403)


def _clinic() -> Clinic:
    return db.session.get(Clinic, current_user.clinic_id)  # type: ignore[return-value]


@bp.route("/clinic", methods=["GET", "POST"])
def clinic_settings():  # type: ignore[no-untyped-def]
    clinic = _clinic()
    form = ClinicForm(obj=clinic)
    form.set_country_choices(str(get_locale() or "en"))
    if form.validate_on_submit():
        upload = form.logo_file.data
        data = upload.read(LOGO_MAX_BYTES + 1) if getattr(upload, "filename", None) else b""
        try:
            mimetype = check_logo(data, LOGO_MAX_BYTES) if data else None
        except LogoError as error:
            form.logo_file.errors = [str(error)]
        else:
            clinic.name = (form.name.data or "").strip()
            clinic.phone = (form.phone.data or "").strip()
            clinic.address = (form.address.data or "").strip()
            clinic.country = form.country.data or ""
            clinic.emergency_number = (form.emergency_number.data or "").strip()
            clinic.patient_link_days = form.patient_link_days.data or clinic.patient_link_days
            clinic.patient_page_initials = bool(form.patient_page_initials.data)
            if mimetype:
                clinic.logo, clinic.logo_mimetype = data, mimetype
            elif form.remove_logo.data:
                clinic.logo, clinic.logo_mimetype = None, None
            record("update_clinic", object_type="clinic", object_id=clinic.id, logo_changed=bool(mimetype))
            db.session.commit()
            flash(gettext("The clinic's details have been saved."), "success")
            return redirect(url_for("admin.clinic_settings"))
    return render_template("admin/clinic.html", form=form, clinic=clinic, logo_max_kb=LOGO_MAX_BYTES // 1024,
                           printed_number=emergency_number(clinic.country, clinic.emergency_number))


@bp.get("/clinic/logo")
def clinic_logo():  # type: ignore[no-untyped-def]
    clinic = _clinic()
    if clinic.logo is None:
        abort(404)
    response = current_app.response_class(clinic.logo, mimetype=clinic.logo_mimetype or "image/png")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/users", methods=["GET", "POST"])
def users():  # type: ignore[no-untyped-def]
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(_clinic(), email=form.email.data or "", name=form.name.data or "",
                                        password=form.password.data or "", role=form.role.data or "therapist")
        except accounts.AccountError as error:
            form.email.errors = [str(error)]
        else:
            record("create_user", object_type="user", object_id=user.id, role=user.role)
            db.session.commit()
            flash(gettext("%(name)s can now sign in with %(email)s.", name=user.name, email=user.email), "success")
            return redirect(url_for("admin.users"))
    people = db.session.execute(
        db.select(User).where(User.clinic_id == current_user.clinic_id).order_by(User.active.desc(), User.name)
    ).scalars().all()
    return render_template("admin/users.html", form=form, people=people, now=utcnow())


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int):  # type: ignore[no-untyped-def]
    user = get_user_or_404(user_id)
    make_active = request.form.get("active") == "1"
    if user.id == current_user.id and not make_active:
        flash(gettext("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.users"))
    accounts.set_active(user, make_active)
    record("activate_user" if make_active else "deactivate_user", object_type="user", object_id=user.id)
    db.session.commit()
    flash(gettext("%(name)s can now sign in.", name=user.name) if make_active
          else gettext("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int):  # type: ignore[no-untyped-def]
    """Give a colleague another role (a contributor writes plugins and sees no patients)."""
    user = get_user_or_404(user_id)
    if user.id == current_user.id:  # an admin who made themselves a contributor could not undo it
        flash(gettext("You cannot change your own role."), "error")
        return redirect(url_for("admin.users"))
    before = user.role
    try:
        accounts.set_role(user, request.form.get("role", ""))
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.users"))
    record("change_role", object_type="user", object_id=user.id, before=before, role=user.role)
    db.session.commit()
    flash(gettext("%(name)s is now: %(role)s.", name=user.name, role=gettext(ROLES.get(user.role, user.role))),
          "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/reset-password")
def reset_password(user_id: int):  # type: ignore[no-untyped-def]
    """Show a new password once, on this response only (never in a flash cookie)."""
    user = get_user_or_404(user_id)
    if user.id == current_user.id:  # it would end this very session; Account is the way
        flash(gettext("Change your own password under Account."), "error")
        return redirect(url_for("admin.users"))
    password = accounts.temporary_password()
    accounts.set_password(user, password)
    record("reset_password", object_type="user", object_id=user.id)
    db.session.commit()
    return render_template("admin/password_reset.html", person=user, password=password)


@bp.get("/audit")
def audit_log():  # type: ignore[no-untyped-def]
    # Filtering and the CSV export share one query (services/audit_query.py, web/audit_log.py).
    # An erased patient keeps their events, by number only.
    wanted = AuditFilter.from_args(request.args)
    rows = db.session.execute(audit_query(current_user.clinic_id, wanted).limit(AUDIT_PAGE_SIZE)).all()
    return render_template("admin/audit.html", rows=rows, limit=AUDIT_PAGE_SIZE, wanted=wanted,
                           actions=known_actions(current_user.clinic_id),
                           people=clinic_users(current_user.clinic_id))
