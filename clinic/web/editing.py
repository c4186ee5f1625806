"""Save one builder edit safely: version check, audit line, commit, conflict answer.

Every edit request carries the programme version the browser last saw. If it is
not the saved one, the edit is refused with 409 and the changes made since are
listed, so a therapist with two tabs open never overwrites their own (or a
colleague's) work without seeing it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, abort, make_response, render_template, request
from flask_babel import gettext
from flask_login import login_required
from sqlalchemy.orm.exc import StaleDataError

from clinic.db import db
from clinic.models import AuditEvent, Programme, User
from clinic.services import audit
from clinic.services.builder import StaleVersion, check_version, touch
from clinic.web.access import get_programme_or_404
from clinic.web.edit_summary import EditSummary, said_in_page_language

VERSION_HEADER = "X-Programme-Version"
EDIT_ACTION = "programme.edit"


def changes_since(programme: Programme, version: int | None) -> list[dict[str, str]]:
    """The audited edits that raised the version above the one the browser had."""
    events = db.session.execute(
        db.select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .filter(AuditEvent.object_type == "programme", AuditEvent.object_id == programme.id,
                AuditEvent.action == EDIT_ACTION)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [
        {"who": name or gettext("Someone"), "at": event.at.strftime("%H:%M"),
         "what": said_in_page_language(event.detail)}
        for event, name in events
        if version is None or int(event.detail.get("version", 0)) > version
    ]


def conflict(programme: Programme) -> Response:
    """409 with the other edits, placed in the page's conflict box by htmx."""
    db.session.rollback()
    fresh = db.session.get(Programme, programme.id)
    try:
        sent: int | None = int(request.form.get("version", ""))
    except ValueError:
        sent = None
    body = render_template("builder/_conflict.html", programme=fresh, changes=changes_since(fresh, sent))
    response = make_response(body, 409)
    response.headers["HX-Retarget"] = "#conflict"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def stale(programme: Programme) -> bool:
    try:
        check_version(programme, request.form.get("version"))
    except StaleVersion:
        return True
    return False


def save(programme: Programme, summary: EditSummary, render: Callable[[], str], **detail: object) -> Response:
    """Commit the edit with its audit line, then draw the answer from the saved state.

    A race lost at the database (another process saved first) is a conflict too.
    The line keeps the English sentence and the words to say it in another language.
    The version header is the one *this* edit produced: were it read after the
    commit, another client's newer save could be reported as ours, and the
    page's next edit would overwrite that save unseen.
    """
    touch(programme)
    try:
        db.session.flush()
        produced = programme.version  # read now: after the commit it is reloaded, maybe past a later edit
        audit.record(EDIT_ACTION, clinic_id=programme.clinic_id, patient_id=programme.patient_id,
                     object_type="programme", object_id=programme.id, version=produced,
                     summary=summary.english(), said=summary.stored(), **detail)
        db.session.commit()
    except StaleDataError:
        return conflict(programme)
    response = make_response(render())
    response.headers[VERSION_HEADER] = str(produced)
    return response


def refused(body: str) -> Response:
    """A value the Dosage model (or a rule) refused: 422 so htmx and tests can tell."""
    db.session.rollback()
    return make_response(body, 422)


def partly_refused(response: Response, refused_some: bool) -> Response:
    """A saved edit that also refused a box answers 422, so the page keeps saying "Not saved".

    The version header stays: the other boxes were saved and the page must edit on from there.
    """
    if refused_some and response.status_code == 200:
        response.status_code = 422
    return response


def programme_edit(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load the programme (this clinic's, not archived), refuse a stale version, then edit.

    Autoflush is off during the edit so the programme row is written once, at
    ``save``, and its version rises by exactly one per edit.
    """

    @wraps(view)
    @login_required
    def wrapper(programme_id: int, **kwargs: Any) -> Any:
        programme = get_programme_or_404(programme_id)
        if programme.archived_at is not None:
            abort(404)
        if stale(programme):
            return conflict(programme)
        with db.session.no_autoflush:
            return view(programme, **kwargs)

    return wrapper
