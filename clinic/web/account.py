"""The therapist's own settings beyond the password: the language of the pages.

Kept apart from the patient's handout language on purpose: a therapist who
reads English prints Spanish handouts, and the other way round.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from clinic.db import db
from clinic.i18n import LANGUAGES
from clinic.services.audit import record

bp = Blueprint("account", __name__)


@bp.post("/account/language")
@login_required
def set_page_language() -> Response:
    language = request.form.get("ui_language", "")
    if language not in LANGUAGES:
        flash(gettext("Choose one of the languages in the list."), "error")
        return redirect(url_for("auth.change_password"), 303)
    current_user.ui_language = language
    record("change_page_language", object_type="user", object_id=current_user.id, language=language)
    db.session.commit()
    flash(gettext("Your pages are now in %(language)s.", language=LANGUAGES[language]), "success")
    return redirect(url_for("auth.change_password"), 303)
