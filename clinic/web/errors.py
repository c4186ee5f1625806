"""Friendly error pages: plain words, a way back, and never a traceback.

htmx requests get a short text body instead of a whole page, so app.js can
show it in the page's message area without replacing the builder.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from clinic.db import db
from clinic.i18n import N_

bp = Blueprint("errors", __name__)

# Status -> (heading, what happened and what to do, in plain words)
MESSAGES: dict[int, tuple[str, str]] = {
    400: (N_("Something in that request was not right"),
          N_("Please go back, check the form and try again.")),
    403: (N_("You do not have access to this page"),
          N_("Only a clinic admin can open it. Ask your admin if you need it.")),
    404: (N_("We could not find that page"),
          N_("The link may be old, or the record may belong to another clinic.")),
    405: (N_("That action is not available here"), N_("Please go back and use the buttons on the page.")),
    409: (N_("Someone else changed this at the same time"),
          N_("Reload the page to see the latest version, then make your change again.")),
    413: (N_("That file is too large"), N_("Please choose a smaller file and try again.")),
    429: (N_("Too many attempts"), N_("Please wait a minute before you try again.")),
    500: (N_("Sorry, something went wrong on our side"),
          N_("Your last change may not have been saved. Please try again in a moment.")),
}

CSRF_MESSAGE = (
    N_("Your form expired or was sent from another page"),
    N_("This can happen when a page has been open a long time. Reload the page and try again."),
)


class BadValue(BadRequest):
    """A value the person sent that cannot be used; ``message`` (translated) says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _render(status: int, heading: str, explanation: str):  # type: ignore[no-untyped-def]
    heading, explanation = gettext(heading), gettext(explanation)  # in the page language
    if request.headers.get("HX-Request"):
        return f"{heading}. {explanation}", status, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", status=status, heading=heading,
                           explanation=explanation), status


def _handle_http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    status = error.code or 500
    if status == 401:  # an access helper found nobody signed in
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    # Werkzeug's own name for a rarer status ("Unsupported Media Type") is English only.
    heading, explanation = MESSAGES.get(status, (N_("That request could not be handled"),
                                                 N_("Please go back and try again.")))
    return _render(status, heading, explanation)


def _handle_bad_value(error: BadValue):  # type: ignore[no-untyped-def]
    heading = gettext(MESSAGES[400][0])
    if request.headers.get("HX-Request"):
        return f"{heading}. {error.message}", 400, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", status=400, heading=heading, explanation=error.message), 400


def _handle_csrf_error(_error: CSRFError):  # type: ignore[no-untyped-def]
    return _render(400, *CSRF_MESSAGE)


def _handle_server_error(error: Exception):  # type: ignore[no-untyped-def]
    """Roll back first: the page itself may query the database (the signed-in user)."""
    db.session.rollback()
    original = getattr(error, "original_exception", error)
    current_app.logger.error("Unhandled error on %s", request.path, exc_info=original)
    try:
        return _render(500, *MESSAGES[500])
    except Exception:  # the layout itself failed; fall back to text
        return gettext(MESSAGES[500][0]) + ".", 500, {"Content-Type": "text/plain; charset=utf-8"}


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(BadValue, _handle_bad_value)
    app.register_error_handler(InternalServerError, _handle_server_error)
    app.register_error_handler(HTTPException, _handle_http_error)
