"""Signing in and out, lock-out, password change, first-run setup and the user commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from flask.testing import FlaskClient
from werkzeug.security import check_password_hash

from clinic.db import db
from clinic.models import AuditEvent, Clinic, User
from clinic.models.common import utcnow
from clinic.services.accounts import MAX_FAILED_LOGINS
from tests.conftest import TEST_PASSWORD, make_clinic

FAILED = "did not match"


def sign_in(client: FlaskClient, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"email": email, "password": password})


def test_sign_in_goes_to_patients_and_sign_out_ends_the_session(client, therapist):
    page = client.get("/login")
    assert b'name="email"' in page.data and b'name="password"' in page.data and b"Sign in" in page.data

    response = sign_in(client, "T@Example.org ")
    assert response.status_code == 302 and response.location == "/patients"
    assert client.get("/patients").status_code == 200

    response = client.post("/logout")
    assert response.location == "/login"
    assert client.get("/patients").location.startswith("/login")


def test_sign_in_follows_a_local_next_but_not_another_site(client, therapist):
    response = client.post("/login?next=/patients/new", data={"email": therapist.email, "password": TEST_PASSWORD})
    assert response.location == "/patients/new"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/x", data={"email": therapist.email, "password": TEST_PASSWORD})
    assert response.location == "/patients"


def test_wrong_password_and_unknown_email_get_the_same_message(client, therapist):
    wrong = sign_in(client, therapist.email, "not the password")
    unknown = sign_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert FAILED.encode() in wrong.data and FAILED.encode() in unknown.data
    assert b"nobody@example.org" in unknown.data  # the typed email is kept
    assert client.get("/patients").status_code == 302


def test_five_failures_lock_the_account_for_fifteen_minutes(client, therapist):
    for _ in range(MAX_FAILED_LOGINS):
        sign_in(client, therapist.email, "wrong password!")
    db.session.refresh(therapist)
    assert therapist.locked_until is not None
    assert timedelta(minutes=14) < therapist.locked_until - utcnow() <= timedelta(minutes=15)

    # Even the right password is refused while locked, with the same message.
    response = sign_in(client, therapist.email)
    assert FAILED.encode() in response.data
    assert client.get("/patients").status_code == 302

    therapist.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, therapist.email).location == "/patients"


def test_four_failures_then_success_resets_the_count(client, therapist):
    for _ in range(MAX_FAILED_LOGINS - 1):
        sign_in(client, therapist.email, "wrong password!")
    assert sign_in(client, therapist.email).location == "/patients"
    db.session.refresh(therapist)
    assert therapist.failed_logins == 0 and therapist.locked_until is None


def test_deactivated_user_cannot_sign_in(client, therapist):
    therapist.active = False
    db.session.commit()
    assert FAILED.encode() in sign_in(client, therapist.email).data


def test_change_password(client, therapist):
    sign_in(client, therapist.email)
    bad = client.post("/account/password", data={"current_password": "wrong", "new_password": "a new long password",
                                                 "confirm_password": "a new long password"})
    assert b"not your current password" in bad.data
    mismatch = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                      "new_password": "a new long password",
                                                      "confirm_password": "something else"})
    assert b"not the same" in mismatch.data
    short = client.post("/account/password", data={"current_password": TEST_PASSWORD, "new_password": "short",
                                                   "confirm_password": "short"})
    assert b"at least 10 characters" in short.data

    ok = client.post("/account/password", data={"current_password": TEST_PASSWORD,
                                                "new_password": "a new long password",
                                                "confirm_password": "a new long password"})
    assert ok.status_code == 302
    db.session.refresh(therapist)
    assert therapist.password_hash.startswith("scrypt:")
    assert check_password_hash(therapist.password_hash, "a new long password")


def test_first_run_sends_everyone_to_setup_and_setup_closes_after(client, app):
    assert client.get("/").location == "/setup"
    assert client.get("/login").location == "/setup"

    bad = client.post("/setup", data={"clinic_name": "Hill Physio", "name": "Ada", "email": "ada@hill.example",
                                      "password": "long enough pw", "confirm_password": "different pw!!"})
    assert bad.status_code == 200 and b"Hill Physio" in bad.data
    assert db.session.execute(db.select(User)).first() is None

    response = client.post("/setup", data={"clinic_name": "Hill Physio", "name": "Ada", "email": "Ada@Hill.example",
                                           "password": "long enough pw", "confirm_password": "long enough pw"})
    assert response.location == "/patients"
    admin = db.session.execute(db.select(User)).scalar_one()
    assert admin.role == "admin" and admin.email == "ada@hill.example" and admin.clinic.name == "Hill Physio"
    assert client.get("/patients").status_code == 200  # signed in straight away

    assert client.get("/setup").status_code == 404
    again = client.post("/setup", data={"clinic_name": "Evil", "name": "Eve", "email": "eve@evil.example",
                                        "password": "long enough pw", "confirm_password": "long enough pw"})
    assert again.status_code == 404
    assert db.session.execute(db.select(db.func.count(Clinic.id))).scalar_one() == 1


def test_sign_in_is_audited(client, therapist):
    sign_in(client, therapist.email)
    actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert actions == ["sign_in"]


def test_create_user_command_prompts_for_a_hidden_confirmed_password(runner, app):
    clinic, _ = make_clinic()
    result = runner.invoke(args=["create-user", "--email", "new@example.org", "--name", "New Person",
                                 "--role", "admin", "--clinic-id", str(clinic.id)],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert "a long password" not in result.output  # hidden prompt
    user = db.session.execute(db.select(User).filter_by(email="new@example.org")).scalar_one()
    assert user.role == "admin" and user.clinic_id == clinic.id
    assert check_password_hash(user.password_hash, "a long password")


def test_create_user_command_reads_stdin_and_refuses_bad_input(runner, app):
    result = runner.invoke(args=["create-clinic", "--name", "Bay Clinic"])
    assert result.exit_code == 0, result.output
    clinic = db.session.execute(db.select(Clinic).filter_by(name="Bay Clinic")).scalar_one()

    ok = runner.invoke(args=["create-user", "--email", "bay@example.org", "--name", "Bay", "--clinic-id",
                             str(clinic.id), "--password-stdin"], input="stdin password\n")
    assert ok.exit_code == 0, ok.output
    duplicate = runner.invoke(args=["create-user", "--email", "BAY@example.org", "--name", "Bay", "--clinic-id",
                                    str(clinic.id), "--password-stdin"], input="stdin password\n")
    assert duplicate.exit_code != 0 and "cannot be used for a new account" in duplicate.output
    short = runner.invoke(args=["create-user", "--email", "s@example.org", "--name", "S", "--clinic-id",
                                str(clinic.id), "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 10" in short.output
    missing = runner.invoke(args=["create-user", "--email", "m@example.org", "--name", "M", "--clinic-id", "999999",
                                  "--password-stdin"], input="stdin password\n")
    assert missing.exit_code != 0 and "no clinic" in missing.output


@pytest.mark.parametrize("path", ["/patients", "/account/password", "/admin/clinic"])
def test_pages_need_sign_in(client, therapist, path):
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_deactivating_ends_an_open_session(client, therapist):
    sign_in(client, therapist.email)
    assert client.get("/patients").status_code == 200
    therapist.active = False
    db.session.commit()
    assert client.get("/patients").location.startswith("/login")


def test_a_password_change_ends_other_sessions_but_not_the_changers(app, therapist):
    laptop, tablet = app.test_client(), app.test_client()
    sign_in(laptop, therapist.email)
    sign_in(tablet, therapist.email)
    laptop.post("/account/password", data={"current_password": TEST_PASSWORD, "new_password": "a new long password",
                                           "confirm_password": "a new long password"})
    # The test holds one app context, so Flask-Login's per-context cache must be cleared
    # for each client to be judged by its own session.
    g.pop("_login_user", None)
    assert laptop.get("/patients").status_code == 200
    g.pop("_login_user", None)
    assert tablet.get("/patients").location.startswith("/login")


def test_lock_out_is_in_the_audit_log(client, therapist):
    for _ in range(MAX_FAILED_LOGINS):
        sign_in(client, therapist.email, "wrong password!")
    event = db.session.execute(db.select(AuditEvent).filter_by(action="lock_out")).scalar_one()
    assert event.object_id == therapist.id and event.clinic_id == therapist.clinic_id and event.user_id is None
