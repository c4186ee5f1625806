"""The patient's side of a handout link: their exercises on a phone, and a daily check-in.

No account and no session: the token printed on the handout is the
credential. So every failure (a token that never existed, an expired or a
revoked link) is the same plain 404 after the same work, the page carries no
database id and no link to staff pages, and the check-in carries the token in
its body, where a cross-site form cannot know it (docs/security.md).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request, send_from_directory
from flask_babel import force_locale, gettext

from clinic.db import db
from clinic.exercise_data import OutcomeScale
from clinic.handout.patient_page import check_in_exercises, page_parts
from clinic.models import Patient, PatientLink
from clinic.services import audit
from clinic.services.check_ins import (
    NOTE_MAX,
    PAIN_MAX,
    CheckInRefused,
    answers_for,
    read_check_in,
    save_check_in,
)
from clinic.services.outcomes import ITEM_MAX, ScoreRefused, due_scale, last_items, read_score, record_score
from clinic.services.patient_links import find_live_link, handout_of, normalise
from clinic.web import csrf
from clinic.web.security import limiter

bp = Blueprint("patient_link", __name__)
csrf.exempt(bp)  # no session to bind a CSRF token to; the link token in the body does that job

# The page may be printed and read on a phone; it must not tell any other site its own address.
PAGE_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}


def _not_found() -> tuple[str, int, dict[str, str]]:
    """One answer for every token that does not open a page, whatever the reason."""
    return render_template("patient_link/not_found.html"), 404, PAGE_HEADERS


def _link_key() -> str:
    """Rate-limit check-ins per link: the hash of the token sent, never the token itself."""
    return "check-in:" + hashlib.sha256(normalise(request.form.get("token", "")).encode()).hexdigest()


def _check_in_limit() -> str:
    return str(current_app.config["CHECK_IN_LIMIT"])


def _page(link: PatientLink, token: str, status: int = 200, message: str = "", problem: str = "",  # type: ignore[no-untyped-def]
          day: date | None = None, score_message: str = "", score_problem: str = ""):
    handout = handout_of(link)
    if handout is None:
        return _not_found()
    today = date.today()
    days = [today - timedelta(days=n) for n in range(3)]
    day = day if day in days else today
    scale = due_scale(link.patient_id, today)
    score_values = dict(request.form) if score_problem else {
        f"item-{n}": item for n, item in enumerate(last_items(link.patient_id, scale.id), start=1)} if scale else {}
    with force_locale(handout.language):
        parts = page_parts(handout)
        page = render_template(
            "patient_link/page.html", token=token, message=message, problem=problem, days=days,
            pain_max=PAIN_MAX, note_max=NOTE_MAX, answered=answers_for(link, day), scale=scale,
            score_values=score_values, score_message=score_message, score_problem=score_problem,
            item_max=ITEM_MAX, score_rows=_score_rows(scale, score_values), **parts)
    return page, status, PAGE_HEADERS


def _score_rows(scale: OutcomeScale | None, values: dict[str, str]) -> int:
    """Activity boxes on a phone: up to the last one filled in, and one more (three when none are), not all five.

    Counting to the last box with anything in it keeps every answer of a refused form on the page.
    """
    if scale is None or scale.named_items is None:
        return 0
    filled = [int(key.split("-", 1)[1]) for key, value in values.items()
              if key.split("-", 1)[0] in ("item", "rating") and key.split("-", 1)[1].isdigit() and value.strip()]
    wanted = max(filled) + 1 if filled else 3
    return min(max(wanted, scale.named_items.least), scale.named_items.most)


@bp.errorhandler(429)
def _too_many(_error: Exception):  # type: ignore[no-untyped-def]
    """Many check-ins from one link in a short time: say so plainly, without the staff error page."""
    return render_template("patient_link/too_many.html"), 429, PAGE_HEADERS


@bp.get("/p/sw.js")
def service_worker():  # type: ignore[no-untyped-def]
    """The service worker that keeps the page for offline use; served under /p/ so that is its whole scope."""
    response = send_from_directory(current_app.static_folder or "", "patient/sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _wants_json() -> bool:
    """The page's script asks for JSON; a plain form post gets the page back."""
    return request.accept_mimetypes.best == "application/json"


@bp.get("/p/<path:token>")
def page(token: str):  # type: ignore[no-untyped-def]
    """The patient's programme; reads are not audited one by one (docs/security.md)."""
    link = find_live_link(token)
    if link is None:
        return _not_found()
    return _page(link, normalise(token))


@bp.post("/p/check-in")
@limiter.limit(_check_in_limit, key_func=_link_key)
def check_in():  # type: ignore[no-untyped-def]
    """Save a day's answers: done or not per exercise, next-morning pain, a short note."""
    token = request.form.get("token", "")
    link = find_live_link(token)
    if link is None:
        return _not_found()
    handout = handout_of(link)
    if handout is None:
        return _not_found()
    exercises = check_in_exercises(handout)
    try:
        with force_locale(handout.language):
            answers = read_check_in(request.form, exercises, date.today())
    except CheckInRefused as refusal:
        if _wants_json():
            return {"saved": False, "problem": str(refusal)}, 400, PAGE_HEADERS
        return _page(link, normalise(token), status=400, problem=str(refusal))
    save_check_in(link, answers, exercises)
    audit.record("check_in", clinic_id=link.clinic_id, patient_id=link.patient_id, object_type="patient_link",
                 object_id=link.id, by_patient=True, day=answers.day.isoformat(), exercises=len(answers.done),
                 pain=answers.pain is not None, note=bool(answers.note))
    db.session.commit()
    with force_locale(handout.language):
        saved = gettext("Saved")
    if _wants_json():
        return {"saved": True, "message": saved}, 200, PAGE_HEADERS
    return _page(link, normalise(token), message=saved, day=answers.day)


@bp.post("/p/score")
@limiter.limit(_check_in_limit, key_func=_link_key)
def score():  # type: ignore[no-untyped-def]
    """Save the outcome score the page asked for (the therapist chose the scale and how often)."""
    token = request.form.get("token", "")
    link = find_live_link(token)
    handout = handout_of(link) if link is not None else None
    patient = db.session.get(Patient, link.patient_id) if link is not None else None
    if link is None or handout is None or patient is None:
        return _not_found()
    scale = due_scale(link.patient_id, date.today())
    if scale is None or scale.id != request.form.get("scale"):
        with force_locale(handout.language):
            done = gettext("Thank you: there is nothing more to answer today.")
        if _wants_json():  # a score kept offline and sent late, or twice: nothing to do, nothing lost
            return {"saved": True, "message": done}, 200, PAGE_HEADERS
        return _page(link, normalise(token), score_message=done)
    try:
        with force_locale(handout.language):
            answers = read_score(scale, request.form, date.today())
    except ScoreRefused as refusal:
        if _wants_json():
            return {"saved": False, "problem": str(refusal)}, 400, PAGE_HEADERS
        return _page(link, normalise(token), status=400, score_problem=str(refusal))
    row = record_score(patient, scale, answers, link=link)
    audit.record("outcome_score", clinic_id=link.clinic_id, patient_id=link.patient_id, object_type="outcome_score",
                 object_id=row.id, by_patient=True, scale=scale.id, day=row.day.isoformat())
    db.session.commit()
    with force_locale(handout.language):
        saved = gettext("Saved. Thank you!")
    if _wants_json():
        return {"saved": True, "message": saved}, 200, PAGE_HEADERS
    return _page(link, normalise(token), score_message=saved)
