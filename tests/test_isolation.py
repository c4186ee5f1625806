"""Clinic isolation, checked on every route: another clinic's ids answer 404 and leak nothing.

The routes are read from ``app.url_map``, so a new route that takes an id is
covered the day it is added, and a route with an id this test does not know
how to fill fails the test until someone teaches it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.models import IssuedHandout, Patient, PrintBatch, Programme, ProgrammeItem, RenderJob, User
from tests.conftest import make_clinic
from tests.session_helpers import sign_in

ID_ARGUMENTS = {"patient_id", "programme_id", "item_id", "handout_id", "user_id", "job_id", "batch_id"}
SECRETS = ["Victoria Secretname", "victim-note-7731", "Victim programme title", "Vera Victimclinic",
           "vera@victim.example", "VIC-REF-99"]
# Form fields a write route might need to get past validation and act, if it were let through.
PLAUSIBLE_FORM = {"note": "attacker", "level": "0", "direction": "up", "exercise_id": "example_plugin.heel_raise",
                  "order": "{}", "data": "{}", "title": "Hacked", "display_name": "Hacked", "active": "0",
                  "confirm_name": "Victoria Secretname", "sets": "1", "reps": "5", "language": "en",
                  "paper_size": "A4"}


def _clinic_records(name: str, email: str, patient_name: str, note: str, title: str, ref: str) -> dict[str, Any]:
    clinic, therapist = make_clinic(name, email)
    therapist.name = name
    patient = Patient(clinic_id=clinic.id, display_name=patient_name, reference=ref)
    db.session.add(patient)
    db.session.flush()
    programme = Programme(clinic_id=clinic.id, patient_id=patient.id, title=title, referrals=[], schedule=[],
                          progression_rules=[])
    programme.items = [ProgrammeItem(exercise_id="example_plugin.heel_raise", section="strength", note=note)]
    db.session.add(programme)
    db.session.flush()
    # A real snapshot, so the control test below can reprint the clinic's own handout.
    snapshot = build_snapshot(programme, therapist, HandoutOptions.for_patient(patient))
    digest = hashlib.sha256(name.encode()).hexdigest()
    handout = IssuedHandout(clinic_id=clinic.id, patient_id=patient.id, programme_id=programme.id,
                            programme_version=programme.version, snapshot=snapshot.stored(),
                            content_key=digest, pdf_sha256=digest, issued_by_id=therapist.id)
    db.session.add(handout)
    db.session.flush()
    batch = PrintBatch(clinic_id=clinic.id, requested_by_id=therapist.id)
    db.session.add(batch)
    db.session.flush()
    job = RenderJob(clinic_id=clinic.id, patient_id=patient.id, programme_id=programme.id,
                    programme_version=programme.version, batch_id=batch.id, snapshot=snapshot.stored(),
                    content_key=digest, status="done", issued_handout_id=handout.id)
    db.session.add(job)
    db.session.commit()
    return {"clinic": clinic, "user": therapist, "patient": patient, "programme": programme,
            "item": programme.items[0], "handout": handout, "job": job, "batch": batch}


@pytest.fixture
def two_clinics(app: Flask) -> tuple[dict[str, Any], dict[str, Any]]:
    victim = _clinic_records("Vera Victimclinic", "vera@victim.example", "Victoria Secretname",
                             "victim-note-7731", "Victim programme title", "VIC-REF-99")
    attacker = _clinic_records("Attacker clinic", "admin@attacker.example", "Own Patient", "own note",
                               "Own programme", "OWN-1")
    attacker["user"].role = "admin"  # the strongest account of the other clinic
    db.session.commit()
    return victim, attacker


def _id_rules(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules()
            if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


def _ids(records: dict[str, Any], item_records: dict[str, Any] | None = None) -> dict[str, int | str]:
    return {
        "exercise_id": "example_plugin.heel_raise",  # library routes: exercises are shared, not a clinic's
        "patient_id": records["patient"].id,
        "programme_id": records["programme"].id,
        "item_id": (item_records or records)["item"].id,
        "handout_id": records["handout"].id,
        "job_id": records["job"].id,
        "batch_id": records["batch"].id,
        "user_id": records["user"].id,
        "plugin": "example_plugin",  # studio routes: plugin folders on disk, not a clinic's
        "stem": "heel_raise",
    }


def _url(rule: Rule, ids: dict[str, int | str]) -> str:
    return rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]


def _victim_state(victim: dict[str, Any]) -> tuple:
    db.session.expire_all()
    patient = db.session.get(Patient, victim["patient"].id)
    programme = db.session.get(Programme, victim["programme"].id)
    item = db.session.get(ProgrammeItem, victim["item"].id)
    user = db.session.get(User, victim["user"].id)
    handouts = db.session.execute(db.select(IssuedHandout.id).filter_by(clinic_id=victim["clinic"].id)).all()
    return (patient and (patient.display_name, patient.archived_at), programme and (programme.version,
            programme.title), item and (item.note, item.level), user and (user.active, user.password_hash),
            len(handouts))


def test_every_route_with_an_id_refuses_another_clinics_records(
    app: Flask, client: FlaskClient, two_clinics: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    victim, attacker = two_clinics
    rules = _id_rules(app)
    unknown = {(r.rule, a) for r in rules for a in r.arguments if a not in ID_ARGUMENTS}
    assert not unknown, f"teach this test which record these ids name: {unknown}"
    before = _victim_state(victim)
    sign_in(client, attacker["user"])

    exercised: set[str] = set()
    for rule in rules:
        # The victim's own ids, and (for item routes) the attacker's programme with the victim's item.
        id_sets = [_ids(victim)]
        if "item_id" in rule.arguments:
            id_sets.append(_ids(attacker, item_records=victim))
        for ids in id_sets:
            url = _url(rule, ids)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                form = {**PLAUSIBLE_FORM, "version": str(victim["programme"].version)}
                response = client.open(url, method=method, data=form if method == "POST" else None)
                assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
                body = response.get_data(as_text=True)
                leaked = [s for s in SECRETS if s in body]
                assert not leaked, f"{method} {url} leaked {leaked}"
                exercised.add(rule.endpoint)
    assert exercised == {r.endpoint for r in rules}
    assert _victim_state(victim) == before


def test_the_same_routes_answer_for_the_clinics_own_records(
    app: Flask, client: FlaskClient, two_clinics: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    """The control: a 404 above means "not yours", not "this route is broken"."""
    _, attacker = two_clinics
    sign_in(client, attacker["user"])
    for rule in _id_rules(app):
        if "GET" not in rule.methods:
            continue  # writes would change the data the other routes read
        url = _url(rule, _ids(attacker))
        assert client.get(url).status_code != 404, f"GET {url} is 404 for the clinic's own record"
