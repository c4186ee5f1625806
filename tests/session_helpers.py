"""Sign a test client in as a user without the sign-in form (its own tests cover that)."""

from __future__ import annotations

from flask import g
from flask.testing import FlaskClient

from clinic.models import User


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put the user id where Flask-Login reads it.

    The test's app context outlives each request, and Flask-Login caches the user in
    ``g``, so the cached user is dropped too or the previous user would stay signed in.
    """
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client
