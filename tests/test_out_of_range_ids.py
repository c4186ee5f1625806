"""Issue 14 finding 6: ids past the database's integer range are "not found" or a clear 400, never a 500.

PostgreSQL's INTEGER ends at 2^31 - 1 and SQLite's at 2^63 - 1; a number past
either made the query fail. Every route with an id is walked, as in
tests/test_isolation.py, so a new route is covered the day it is added.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter

from clinic.db import db
from clinic.models import Patient, Programme, User
from tests.session_helpers import sign_in

HUGE = [2**31, 2**63, 10**30]


@pytest.fixture
def admin(therapist: User) -> User:
    therapist.role = "admin"
    db.session.commit()
    return therapist


def test_every_route_with_an_id_answers_404_for_a_huge_one(app: Flask, client: FlaskClient, admin: User,
                                                         patient: Patient) -> None:
    sign_in(client, admin)
    rules = [r for r in app.url_map.iter_rules()
             if any(isinstance(c, IntegerConverter) for c in r._converters.values())]
    assert len(rules) > 20
    for rule in rules:
        for number in HUGE:
            url = rule.build({name: number for name in rule.arguments}, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={"version": "1", "note": "x"}
                                       if method == "POST" else None)
                assert response.status_code == 404, f"{method} {url} answered {response.status_code}"


def test_the_largest_real_id_still_matches_a_route(client: FlaskClient, therapist: User) -> None:
    sign_in(client, therapist)
    assert client.get(f"/patients/{2**31 - 1}").status_code == 404  # matched, looked up, not found


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "9" * 40, "abc", "-1", "", "١٢"])
def test_a_huge_or_odd_programme_id_in_a_form_is_a_clear_400(client: FlaskClient, therapist: User,
                                                            patient: Patient, value: str) -> None:
    sign_in(client, therapist)
    response = client.post(f"/patients/{patient.id}/programmes", data={"source": "copy", "programme_id": value})
    assert response.status_code == 400
    assert "not a record number" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Programme)).first() is None


def test_a_huge_id_in_a_query_or_filter_is_not_a_500(client: FlaskClient, admin: User) -> None:
    sign_in(client, admin)
    assert client.get(f"/library?programme={2**63}").status_code == 404
    assert client.get(f"/admin/audit?patient={2**40}").status_code == 200
    assert client.get(f"/admin/audit?user={2**40}").status_code == 200
