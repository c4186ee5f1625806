"""The front door: send each visitor to the one page that makes sense for them."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user

from clinic.services.accounts import any_user_exists

bp = Blueprint("home", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """A fresh install goes to setup, a visitor to sign in, a contributor to the studio, a therapist to the patients."""
    if not any_user_exists():
        return redirect(url_for("auth.setup"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_page())


def home_page() -> str:
    """Where a signed-in user starts: a contributor in the studio (or their account with it off), others at patients."""
    if current_user.is_contributor:
        return url_for("studio.index" if current_app.config.get("STUDIO") else "auth.change_password")
    return url_for("patients.index")
