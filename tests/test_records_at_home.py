"""Check-ins and outcome scores travel in the patient's JSON record and FHIR Bundle, and go with erasure."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask import Flask
from flask.testing import FlaskClient
from flask_login import login_user

from clinic.db import db
from clinic.handout.fhir import patient_bundle
from clinic.models import (
    DayCheckIn,
    ExerciseCheckIn,
    IssuedHandout,
    OutcomeSchedule,
    OutcomeScore,
    Patient,
    PatientLink,
    Programme,
    User,
)
from clinic.services import records
from clinic.services.patient_links import find_live_link
from clinic.state import catalogue
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config as handout_app_config  # noqa: F401
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in
from tests.patient_link_support import export, printed_path

TODAY = date.today()


@pytest.fixture
def app_config(handout_app_config: dict) -> dict:  # noqa: F811
    return handout_app_config


@pytest.fixture
def at_home(client: FlaskClient, patient: Patient, therapist: User) -> str:
    """A handout with a link, two days of check-ins, a PSFS from the therapist and one from the patient."""
    log_in(client, therapist)
    _, pdf = export(client, demo_programme(patient, therapist).id)
    token = printed_path(pdf).removeprefix("/p/")
    client.post(f"/patients/{patient.id}/scores/new", data={
        "scale": "core.psfs", "day": (TODAY - timedelta(days=15)).isoformat(),
        "item-1": "Stairs", "rating-1": "2", "item-2": "Kneeling", "rating-2": "3"})
    client.post(f"/patients/{patient.id}/scores/schedule", data={"scale": "core.psfs", "every_days": "14"})
    client.post("/logout")
    client.post("/p/check-in", data={"token": token, "day": (TODAY - timedelta(days=1)).isoformat(),
                                     "done-1": "yes", "pain": "4", "note": "Sore after the shop"})
    client.post("/p/check-in", data={"token": token, "done-1": "yes", "done-2": "no", "pain": "3"})
    saved = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-1": "Stairs",
                                          "rating-1": "6", "item-2": "Kneeling", "rating-2": "5"})
    assert saved.status_code == 200
    return token


def test_the_json_record_carries_check_ins_and_scores_but_no_token(at_home: str, patient: Patient) -> None:
    exported = json.loads(json.dumps(records.export_record(patient)))
    assert exported["schema"] == 3
    (link,) = exported["links"]
    assert set(link) == {"programme", "created_at", "expires_at", "revoked_at", "exercise_check_ins",
                         "day_check_ins"}
    assert at_home.replace("-", "") not in json.dumps(exported)
    assert [(d["pain"], d["note"]) for d in link["day_check_ins"]] == [(4, "Sore after the shop"), (3, "")]
    assert [(c["exercise_number"], c["done"]) for c in link["exercise_check_ins"]] == [(1, True), (1, True),
                                                                                       (2, False)]
    assert [(s["score"], s["by_patient"], s["link"]) for s in exported["scores"]] == [(2.5, False, None),
                                                                                      (5.5, True, 0)]
    assert exported["handouts"][0]["link"] == 0
    assert exported["outcome_schedule"] == {"scale_id": "core.psfs", "every_days": 14}


def test_an_imported_record_keeps_what_the_patient_sent_and_its_link_opens_nothing(
        app: Flask, client: FlaskClient, at_home: str, patient: Patient) -> None:
    exported = json.loads(json.dumps(records.export_record(patient)))
    other_clinic, importer = make_clinic("Second clinic", "second@example.org")
    with app.test_request_context():
        login_user(importer)
        imported = records.import_record(exported, importer)
        db.session.commit()
    link = db.session.execute(db.select(PatientLink).filter_by(patient_id=imported.id)).scalar_one()
    assert link.clinic_id == other_clinic.id and link.revoked_at is not None and link.base_url == ""
    handout = db.session.execute(db.select(IssuedHandout).filter_by(patient_id=imported.id)).scalar_one()
    assert handout.patient_link_id == link.id
    assert db.session.execute(db.select(db.func.count(ExerciseCheckIn.id))
                              .filter_by(patient_id=imported.id)).scalar_one() == 3
    pains = db.session.execute(db.select(DayCheckIn.pain).filter_by(patient_id=imported.id)
                               .order_by(DayCheckIn.day)).scalars().all()
    assert pains == [4, 3]
    scores = db.session.execute(db.select(OutcomeScore).filter_by(patient_id=imported.id)
                                .order_by(OutcomeScore.day)).scalars().all()
    assert [(s.score, s.by_patient, s.link_id, s.clinic_id) for s in scores] == [
        (2.5, False, None, other_clinic.id), (5.5, True, link.id, other_clinic.id)]
    assert db.session.execute(db.select(OutcomeSchedule.every_days)
                              .filter_by(patient_id=imported.id)).scalar_one() == 14
    assert find_live_link(at_home) is not None  # the first clinic's paper still works there
    again = json.loads(json.dumps(records.export_record(imported)))
    assert again["scores"] == exported["scores"] and again["links"][0]["day_check_ins"] == \
        exported["links"][0]["day_check_ins"]
    log_in(client, importer)
    page = client.get(f"/patients/{imported.id}").get_data(as_text=True)
    assert '<td class="score">5.5</td>' in page and "Pain next morning (0-10)" in page


@pytest.mark.parametrize(("mangle", "message"), [
    (lambda r: r["links"][0].update(programme=5), "points at a programme"),
    (lambda r: r["scores"][1].update(link=3), "points at a patient link"),
    (lambda r: r["handouts"][0].update(link=9), "points at a patient link"),
    (lambda r: r["scores"][0].update(score=11), "outside its scale's range"),
    (lambda r: r["links"][0]["day_check_ins"][0].update(pain=12), "import"),
    (lambda r: r["links"][0]["day_check_ins"].append(dict(r["links"][0]["day_check_ins"][0])), "same day"),
    (lambda r: r["links"][0].update(token_hash="0" * 64), "import"),
])
def test_a_bad_at_home_part_is_refused_and_nothing_is_saved(at_home: str, patient: Patient, mangle,
                                                            message: str) -> None:
    exported = json.loads(json.dumps(records.export_record(patient)))
    mangle(exported)
    with pytest.raises(records.RecordImportError, match=message):
        records.parse_record(exported)


def test_a_schema_2_record_still_imports(app: Flask, at_home: str, patient: Patient) -> None:
    exported = json.loads(json.dumps(records.export_record(patient)))
    for key in ("links", "scores", "outcome_schedule"):
        exported.pop(key)
    exported["handouts"][0].pop("link")
    exported["schema"] = 2
    assert records.parse_record(exported).scores == []


def test_the_fhir_bundle_holds_pain_and_scores_as_valid_resources(at_home: str, patient: Patient) -> None:
    programmes = list(db.session.execute(db.select(Programme)).scalars())
    bundle = Bundle.model_validate(json.loads(json.dumps(patient_bundle(patient, programmes, catalogue()))))
    observations = [e.resource for e in bundle.entry if isinstance(e.resource, Observation)]
    pain = [o for o in observations if o.code.coding[0].system == "http://loinc.org"]
    assert [(o.code.coding[0].code, o.valueInteger, str(o.effectiveDateTime)) for o in pain] == [
        ("72514-3", 4, (TODAY - timedelta(days=1)).isoformat()), ("72514-3", 3, TODAY.isoformat())]
    assert pain[0].note[0].text == "Sore after the shop"
    psfs = [o for o in observations if o.code.coding[0].code == "core.psfs"]
    assert [float(o.valueQuantity.value) for o in psfs] == [2.5, 5.5]
    assert [(c.code.text, c.valueInteger) for c in psfs[1].component] == [("Stairs", 6), ("Kneeling", 5)]
    assert psfs[0].performer is None and psfs[1].performer[0].reference == bundle.entry[0].fullUrl


def test_a_plugin_scale_is_a_questionnaire_response(at_home: str, patient: Patient) -> None:
    db.session.add(OutcomeScore(clinic_id=patient.clinic_id, patient_id=patient.id, scale_id="knees.check",
                                scale_name="Knee check", score_low=0, score_high=8, day=TODAY, score=7,
                                answers=[{"item": "stairs", "rating": 3}, {"item": "run", "rating": 4}]))
    db.session.commit()
    data = patient_bundle(patient, [], catalogue())
    bundle = Bundle.model_validate(json.loads(json.dumps(data)))
    (response,) = [e.resource for e in bundle.entry if isinstance(e.resource, QuestionnaireResponse)]
    assert response.status == "completed" and response.questionnaire == "urn:clinic:outcome-scale:knees.check"
    assert [(i.linkId, i.answer[0].valueInteger or i.answer[0].valueDecimal) for i in response.item] == [
        ("stairs", 3), ("run", 4), ("score", 7)]


def test_erasure_deletes_check_ins_scores_and_the_schedule(app: Flask, at_home: str, patient: Patient,
                                                           therapist: User) -> None:
    with app.test_request_context():
        login_user(therapist)
        records.erase_patient(patient)
        db.session.commit()
    for model in (ExerciseCheckIn, DayCheckIn, OutcomeScore, OutcomeSchedule, PatientLink):
        assert db.session.execute(db.select(db.func.count(model.id))).scalar_one() == 0, model.__name__
    assert find_live_link(at_home) is None
