"""Issue 14 finding 3: a session ends on sign-out, deactivation and password change, and expires.

The session lives in a signed cookie, so these tests copy the cookie into a
second client, as someone who got hold of it would, and check that the copy
stops working on the server's say-so, not the browser's.
"""

from __future__ import annotations

import time

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import User
from clinic.services import accounts
from clinic.web.sessions import SEEN, STARTED
from tests.conftest import TEST_PASSWORD

COOKIE = "session"


def _sign_in(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.location == "/patients"


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    g.pop("_login_user", None)  # the test's app context outlives requests; judge each by its own cookie
    return client.get("/patients").status_code == 200


def test_a_copied_cookie_stops_working_at_sign_out(app: Flask, client: FlaskClient, therapist: User) -> None:
    _sign_in(client, therapist)
    copy = _copy(app, client)
    assert _signed_in(copy)
    client.post("/logout")
    assert not _signed_in(copy)
    g.pop("_login_user", None)
    refused = copy.post("/patients/new", data={"display_name": "Written after sign-out"})
    assert refused.status_code == 302 and refused.location.startswith("/login")
    _sign_in(client, therapist)  # signing in again starts a fresh session; the copy stays dead
    assert _signed_in(client) and not _signed_in(copy)


def test_a_deactivated_users_old_cookie_does_not_return_on_reactivation(app: Flask, client: FlaskClient,
                                                                         therapist: User) -> None:
    _sign_in(client, therapist)
    copy = _copy(app, client)
    accounts.set_active(therapist, False)
    db.session.commit()
    assert not _signed_in(copy)
    accounts.set_active(therapist, True)
    db.session.commit()
    assert not _signed_in(copy) and not _signed_in(client)


def test_an_admin_password_reset_ends_the_users_sessions(app: Flask, client: FlaskClient, therapist: User) -> None:
    _sign_in(client, therapist)
    accounts.set_password(therapist, "a brand new password")
    db.session.commit()
    assert not _signed_in(client)


@pytest.mark.parametrize(("stamp", "config"), [(SEEN, "SESSION_IDLE_SECONDS"), (STARTED, "SESSION_MAX_SECONDS")])
def test_a_session_expires_when_idle_and_after_its_lifetime(app: Flask, client: FlaskClient, therapist: User,
                                                            stamp: str, config: str) -> None:
    app.config["SESSION_IDLE_SECONDS"], app.config["SESSION_MAX_SECONDS"] = 600, 3600
    _sign_in(client, therapist)
    assert _signed_in(client)
    with client.session_transaction() as session:
        session[stamp] = int(time.time()) - app.config[config] + 30
    assert _signed_in(client)  # just inside the limit
    with client.session_transaction() as session:
        session[stamp] = int(time.time()) - app.config[config] - 1
    assert not _signed_in(client)


def test_use_keeps_a_session_alive_but_not_past_its_lifetime(app: Flask, client: FlaskClient,
                                                             therapist: User) -> None:
    app.config["SESSION_IDLE_SECONDS"], app.config["SESSION_MAX_SECONDS"] = 600, 3600
    _sign_in(client, therapist)
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - 500
    assert _signed_in(client)
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN] < 5  # the request counted as use
        session[STARTED] = int(time.time()) - 3601
    assert not _signed_in(client)


def test_the_limits_are_in_the_config(app: Flask) -> None:
    assert app.config["SESSION_IDLE_SECONDS"] == 3600
    assert app.config["SESSION_MAX_SECONDS"] == 12 * 3600
