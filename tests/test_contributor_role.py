"""The contributor role: the studio and the library, never a patient, a programme or a handout.

Every route of the app is walked as a contributor of the clinic that owns the
records (real ids, a real issued handout), so a page added later is checked
the day it is added.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from clinic.db import db
from clinic.models import AuditEvent, User
from clinic.web.roles import CONTRIBUTOR_BLUEPRINTS
from tests.session_helpers import sign_in
from tests.test_isolation import PLAUSIBLE_FORM, SECRETS, _clinic_records, _ids, _url

# What the clinic's records hold; the clinic's own name is left out, as every page's header shows it.
PATIENT_SECRETS = [s for s in SECRETS if s != "Vera Victimclinic"]
OTHER_ARGUMENTS = {"token": "ABCD-EFGH", "file": "pictures/heel_raise.svg", "filename": "css/app.css",
                   "exercise_id": "example_plugin.heel_raise"}


@pytest.fixture
def app_config(app_config: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return {**app_config, "STUDIO": True, "PLUGIN_DIRS": [str(tmp_path_factory.mktemp("studio-plugins"))]}


@pytest.fixture
def clinic(app: Flask) -> dict[str, Any]:
    """A clinic with a patient, a programme, an issued handout, and a contributor beside its therapist."""
    records = _clinic_records("Vera Victimclinic", "vera@victim.example", "Victoria Secretname",
                              "victim-note-7731", "Victim programme title", "VIC-REF-99")
    records["contributor"] = User(clinic_id=records["clinic"].id, email="cora@example.org", name="Cora Contributor",
                                  role="contributor", password_hash="x")
    db.session.add(records["contributor"])
    db.session.commit()
    return records


def test_every_patient_programme_and_handout_route_refuses_a_contributor(app: Flask, client: FlaskClient,
                                                                         clinic: dict[str, Any]):
    sign_in(client, clinic["contributor"])
    ids = _ids(clinic) | OTHER_ARGUMENTS
    refused = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.split(".")[0] in CONTRIBUTOR_BLUEPRINTS:
            continue
        url = _url(rule, ids)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            form = {**PLAUSIBLE_FORM, "version": str(clinic["programme"].version)}
            response = client.open(url, method=method, data=form if method == "POST" else None)
            assert response.status_code == 403, f"{method} {url} answered {response.status_code}"
            leaked = [s for s in PATIENT_SECRETS if s in response.get_data(as_text=True)]
            assert not leaked, f"{method} {url} leaked {leaked}"
        refused.add(rule.endpoint.split(".")[0])
    # The patient-facing parts of the app are all among those walked.
    assert {"patients", "builder", "handouts", "records", "link_manage", "patient_link", "admin"} <= refused


def test_the_library_shows_exercises_to_a_contributor_but_no_programme(client: FlaskClient, clinic: dict[str, Any]):
    sign_in(client, clinic["user"])
    programme = clinic["programme"].id
    assert client.get(f"/library?programme={programme}").status_code == 200  # the control: the therapist's own
    sign_in(client, clinic["contributor"])
    assert client.get("/library").status_code == 200
    assert client.get(f"/library?programme={programme}").status_code == 404
    assert client.get(f"/library/example_plugin.heel_raise?programme={programme}").status_code == 404


def test_a_contributors_home_is_the_studio_and_the_menu_names_no_patients(app: Flask, client: FlaskClient,
                                                                         clinic: dict[str, Any]):
    sign_in(client, clinic["contributor"])
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"] == "/studio/"
    page = client.get("/studio/").get_data(as_text=True)
    assert "Contributor studio" in page and 'href="/patients"' not in page and 'href="/studio/"' in page
    assert client.post("/studio/plugins", data={"name": "cora_kit"}).status_code == 303  # they may write plugins
    assert client.get("/studio/cora_kit").status_code == 200
    app.config["STUDIO"] = False  # with the studio off there is nothing for them but their account
    assert client.get("/").headers["Location"] == "/account/password"
    assert client.get("/studio/").status_code == 404


def _role_of(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).role


def test_an_admin_gives_and_takes_the_role_on_the_users_page(client: FlaskClient, clinic: dict[str, Any]):
    admin, therapist = User(clinic_id=clinic["clinic"].id, email="ada@example.org", name="Ada Admin", role="admin",
                            password_hash="x"), clinic["user"]
    db.session.add(admin)
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{therapist.id}/role"' in page and '<option value="contributor">' in page
    response = client.post(f"/admin/users/{therapist.id}/role", data={"role": "contributor"}, follow_redirects=True)
    assert f"{therapist.name} is now: Contributor." in response.get_data(as_text=True)
    assert _role_of(therapist.id) == "contributor"
    event = db.session.execute(db.select(AuditEvent).filter_by(action="change_role")).scalar_one()
    assert event.object_id == therapist.id
    bad = client.post(f"/admin/users/{therapist.id}/role", data={"role": "superuser"}, follow_redirects=True)
    assert "Role must be one of: therapist, admin, contributor." in bad.get_data(as_text=True)
    assert _role_of(therapist.id) == "contributor"
    own = client.post(f"/admin/users/{admin.id}/role", data={"role": "contributor"}, follow_redirects=True)
    assert "You cannot change your own role." in own.get_data(as_text=True) and _role_of(admin.id) == "admin"
    made = client.post("/admin/users", data={"name": "Nina New", "email": "nina@example.org", "role": "contributor",
                                             "password": "a long first password"})
    assert made.status_code == 302
    nina = db.session.execute(db.select(User).filter_by(email="nina@example.org")).scalar_one()
    assert nina.role == "contributor" and nina.may_use_studio and not nina.is_admin


def test_a_contributor_signs_in_to_the_studio(client: FlaskClient, clinic: dict[str, Any]):
    clinic["contributor"].password_hash = generate_password_hash("a long enough password")
    db.session.commit()
    response = client.post("/login", data={"email": "cora@example.org", "password": "a long enough password"})
    assert response.status_code == 302 and response.headers["Location"] == "/studio/"
    assert client.get("/login").headers["Location"] == "/studio/"
    assert client.get("/patients").status_code == 403
