"""Sign a test client in as a user without the sign-in form (its own tests cover that)."""

from __future__ import annotations

from flask import g
from flask.testing import FlaskClient

from clinic.models import User
from clinic.web.sessions import session_values


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put what a real sign-in stores into the session: the user id, session generation and times.

    The test's app context outlives each request, and Flask-Login caches the user in
    ``g``, so the cached user is dropped too or the previous user would stay signed in.
    """
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.update(session_values(user))
    return client
