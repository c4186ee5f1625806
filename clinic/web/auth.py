"""Signing in and out, changing one's password, and the first-run setup.

Every failed sign-in gets the same message, whether the email is unknown, the
password wrong or the account locked, so the page never confirms an account.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user
from sqlalchemy import text
from werkzeug.security import check_password_hash

from clinic.db import db
from clinic.files import ensure_private_file
from clinic.i18n import N_
from clinic.services import accounts
from clinic.services.audit import record
from clinic.web.auth_forms import LoginForm, PasswordChangeForm, SetupForm
from clinic.web.home import home_page
from clinic.web.security import LOGIN_LIMIT, limiter
from clinic.web.sessions import end_sessions, keep_this_session, start_session

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = N_(
    "That email and password did not match. After 5 wrong tries an account is locked "
    "for 15 minutes; your clinic admin can also reset your password."
)


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return home_page()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if not accounts.any_user_exists():
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(home_page())
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            db.session.commit()  # keep the failure count and any lock
            flash(gettext(SIGN_IN_FAILED), "error")
            return render_template("auth/login.html", form=form), 200
        start_session(user)
        record("sign_in", object_type="user", object_id=user.id)
        db.session.commit()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        end_sessions(current_user)  # a copy of this cookie must not outlive the sign-out
        record("sign_out", object_type="user", object_id=current_user.id)
        db.session.commit()
        logout_user()
        session.clear()
        flash(gettext("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(LOGIN_LIMIT, methods=["POST"])  # the current-password check must not be a guessing oracle
def change_password():  # type: ignore[no-untyped-def]
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.current_password.data or ""):
            form.current_password.errors.append(gettext("That is not your current password."))
        else:
            accounts.set_password(current_user, form.new_password.data or "")
            record("change_password", object_type="user", object_id=current_user.id)
            db.session.commit()
            keep_this_session(current_user)  # set_password ended the others; this one stays
            flash(gettext("Your password has been changed."), "success")
            return redirect(home_page())
    return render_template("auth/password.html", form=form)


SETUP_LOCK_KEY = 0x636C696E6963  # "clinic": the advisory lock every host takes around first-run setup


@contextmanager
def _setup_lock() -> Iterator[None]:
    """One setup at a time: across this host's worker processes (a file lock in the instance folder) and,
    on PostgreSQL, across hosts too (a transaction-level advisory lock, held until the setup commits)."""
    with open(ensure_private_file(Path(current_app.instance_path) / "setup.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        db.session.rollback()  # end any earlier read, so the check below sees the latest rows
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})
        yield


@bp.route("/setup", methods=["GET", "POST"])
def setup():  # type: ignore[no-untyped-def]
    """Create the clinic and its first admin; closed for good once anyone exists."""
    if accounts.any_user_exists():
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        with _setup_lock():
            if accounts.any_user_exists():  # someone finished setup while this form was open
                abort(404)
            clinic = accounts.create_clinic(form.clinic_name.data or "")
            admin = accounts.create_user(clinic, email=form.email.data or "", name=form.name.data or "",
                                         password=form.password.data or "", role="admin")
            db.session.commit()
        start_session(admin)
        record("setup", object_type="clinic", object_id=clinic.id)
        db.session.commit()
        flash(gettext("Your clinic is ready. Add your therapists under Clinic settings."), "success")
        return redirect(url_for("patients.index"))
    return render_template("auth/setup.html", form=form)
