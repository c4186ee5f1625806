"""CSRF, checked on every state-changing route read from ``app.url_map``: no token, no change.

The suite's conftest switches CSRF off for convenience; here it is on, as in
production. A route added later is covered automatically.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import AuditEvent
from tests.session_helpers import sign_in
from tests.test_isolation import PLAUSIBLE_FORM, _clinic_records, _ids, _victim_state

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Routes with no session whose credential is a secret sent in the body (the patient link's token,
# docs/security.md): a forged cross-site form cannot know it, so without it they answer 404.
BODY_TOKEN_ROUTES = {"/p/check-in", "/p/score"}


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def own(app: Flask) -> dict[str, Any]:
    records = _clinic_records("Own clinic", "own@example.org", "Olive Own", "own note", "Own title", "OWN-2")
    records["user"].role = "admin"  # so admin routes get as far as the CSRF check would let them
    db.session.commit()
    return records


def _other_session_token(app: Flask) -> str:
    """A token that is valid, but for another browser's session."""
    other = app.test_client()
    match = re.search(r'name="csrf-token" content="([^"]+)"', other.get("/login").get_data(as_text=True))
    assert match
    return match.group(1)


def test_every_write_route_refuses_a_request_without_a_valid_token(
    app: Flask, client: FlaskClient, own: dict[str, Any]
) -> None:
    sign_in(client, own["user"])
    before = _victim_state(own)
    events_before = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one()
    foreign_token = _other_session_token(app)
    sign_in(client, own["user"])

    checked = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & WRITE_METHODS):
            url = rule.build({name: _ids(own)[name] for name in rule.arguments}, append_unknown=False)[1]
            form = {**PLAUSIBLE_FORM, "version": str(own["programme"].version)}
            if rule.rule in BODY_TOKEN_ROUTES:
                for token in (None, foreign_token, "forged"):
                    data = form if token is None else {**form, "csrf_token": token, "token": token}
                    response = client.open(url, method=method, data=data)
                    assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
                checked.append(f"{method} {rule.rule}")
                continue
            for token in (None, foreign_token, "forged"):
                data = form if token is None else {**form, "csrf_token": token}
                response = client.open(url, method=method, data=data)
                assert response.status_code == 400, f"{method} {url} (token {token!r}) answered {response.status_code}"
                assert "form expired" in response.get_data(as_text=True)  # the CSRF page, not another 400
            header = client.open(url, method=method, data=form, headers={"X-CSRFToken": foreign_token})
            assert header.status_code == 400, f"{method} {url} took another session's token in the header"
            checked.append(f"{method} {rule.rule}")

    assert len(checked) >= 20, checked  # the walk really found the app's write routes
    assert _victim_state(own) == before
    assert db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one() == events_before


def test_a_nul_character_in_any_form_field_is_refused_before_the_view(app: Flask, client: FlaskClient,
                                                                      own: dict[str, Any]) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # this test is about the NUL guard alone
    sign_in(client, own["user"])
    before = _victim_state(own)
    for data in ({"display_name": "Ana\x00"}, {"x\x00": "1"}):
        response = client.post("/patients/new", data=data)
        assert response.status_code == 400
    assert client.get("/patients?q=a%00b").status_code == 400
    assert _victim_state(own) == before
