"""Friendly error pages: plain words, a way back, and never a traceback.

htmx requests get a short text body instead of a whole page, so app.js can
show it in the page's message area without replacing the builder.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from clinic.db import db

bp = Blueprint("errors", __name__)

# Status -> (heading, what happened and what to do, in plain words)
MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Something in that request was not right",
          "Please go back, check the form and try again."),
    403: ("You do not have access to this page",
          "Only a clinic admin can open it. Ask your admin if you need it."),
    404: ("We could not find that page",
          "The link may be old, or the record may belong to another clinic."),
    405: ("That action is not available here", "Please go back and use the buttons on the page."),
    409: ("Someone else changed this at the same time",
          "Reload the page to see the latest version, then make your change again."),
    413: ("That file is too large", "Please choose a smaller file and try again."),
    429: ("Too many attempts", "Please wait a minute before you try again."),
    500: ("Sorry, something went wrong on our side",
          "Your last change may not have been saved. Please try again in a moment."),
}

CSRF_MESSAGE = (
    "Your form expired or was sent from another page",
    "This can happen when a page has been open a long time. Reload the page and try again.",
)


def _render(status: int, heading: str, explanation: str):  # type: ignore[no-untyped-def]
    if request.headers.get("HX-Request"):
        return f"{heading}. {explanation}", status, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", status=status, heading=heading,
                           explanation=explanation), status


def _handle_http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    status = error.code or 500
    if status == 401:  # an access helper found nobody signed in
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    heading, explanation = MESSAGES.get(status, (error.name, "Please go back and try again."))
    return _render(status, heading, explanation)


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
        return "Sorry, something went wrong on our side.", 500, {"Content-Type": "text/plain"}


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(InternalServerError, _handle_server_error)
    app.register_error_handler(HTTPException, _handle_http_error)
