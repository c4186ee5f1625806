"""Sessions that end: on sign-out, deactivation and password change, and after idle or total time.

Flask keeps the session in a signed cookie, so without a check on the server a
copied cookie keeps working after sign-out for as long as its signature is
valid. Each user has a ``session_generation`` in the database; a session
records the generation it began in and is refused once that has moved on.
Raising it (``accounts.end_sessions``) ends every session of the user at once, on every
worker, with no session table to keep. The cookie also carries when the session
began and when it was last used, so it expires after ``SESSION_IDLE_SECONDS``
without use and ``SESSION_MAX_SECONDS`` after sign-in, whatever the browser does.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

from flask import current_app, session
from flask_login import login_user

from clinic.db import db
from clinic.models import User
from clinic.services.accounts import end_sessions

__all__ = ["end_sessions", "keep_this_session", "load_session_user", "session_values", "start_session"]

GENERATION = "generation"
STARTED = "started"
SEEN = "seen"
SEEN_GRANULARITY = 60
"""Seconds between rewrites of the last-used time, so not every response sets a new cookie."""


def session_values(user: User, now: float | None = None) -> dict[str, Any]:
    """What a session of ``user`` holds; the test suite signs in with exactly this."""
    moment = int(time.time() if now is None else now)
    return {"_user_id": str(user.id), "_fresh": True, GENERATION: user.session_generation,
            STARTED: moment, SEEN: moment}


def start_session(user: User) -> None:
    login_user(user)
    session.update(session_values(user))


def keep_this_session(user: User) -> None:
    """After ``end_sessions`` on one's own account (a password change): this browser stays signed in."""
    session[GENERATION] = user.session_generation


def _expired(values: MutableMapping[str, Any], now: float) -> bool:
    try:
        started, seen = int(values[STARTED]), int(values[SEEN])
    except (KeyError, TypeError, ValueError):
        return True
    config = current_app.config
    return (now - started > int(config["SESSION_MAX_SECONDS"])
            or now - seen > int(config["SESSION_IDLE_SECONDS"]))


def load_session_user(user_id: str) -> User | None:
    """The session's user, or None when the session has ended for any reason.

    Flask-Login itself only checks ``is_active`` at sign-in, so this is where a
    deactivated user, an ended generation or an expired session is turned away.
    """
    now = time.time()
    if session.get(GENERATION) is None or _expired(session, now):
        return None
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError, OverflowError):
        return None
    if user is None or not user.active or session.get(GENERATION) != user.session_generation:
        return None
    if now - int(session[SEEN]) >= SEEN_GRANULARITY:
        session[SEEN] = int(now)
    return user
