"""The record routes: downloads, import by upload, erasure with confirmation, clinic isolation."""

from __future__ import annotations

import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import AuditEvent, IssuedHandout, Patient, Programme, ProgrammeItem, User
from tests.conftest import make_clinic
from tests.session_helpers import sign_in


@pytest.fixture
def with_programme(patient: Patient, therapist: User) -> Patient:
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id, title="Knee", status="active",
                          referrals=[], schedule=[], progression_rules=[])
    programme.items = [ProgrammeItem(exercise_id="example_plugin.heel_raise", section="strength")]
    db.session.add(programme)
    db.session.flush()
    db.session.add(IssuedHandout(clinic_id=patient.clinic_id, patient_id=patient.id, programme_id=programme.id,
                                 programme_version=1, snapshot={"big": "x" * 2_200_000},
                                 content_key="a" * 64, pdf_sha256="b" * 64))
    db.session.commit()
    return patient


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).filter_by(action=action)).scalars())


def test_json_and_fhir_downloads_are_audited(client: FlaskClient, therapist: User, with_programme: Patient):
    sign_in(client, therapist)
    response = client.get(f"/patients/{with_programme.id}/record.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json()["patient"]["display_name"] == "Maria Lopez"

    fhir = client.get(f"/patients/{with_programme.id}/record.fhir.json")
    assert fhir.status_code == 200 and fhir.mimetype == "application/fhir+json"
    bundle = Bundle.model_validate(json.loads(fhir.data))
    assert [e.resource.__resource_type__ for e in bundle.entry] == ["Patient", "CarePlan", "ServiceRequest"]
    assert sorted(e.detail["format"] for e in _events("export_patient")) == ["fhir", "json"]


def test_another_clinics_user_gets_404_everywhere(client: FlaskClient, with_programme: Patient):
    _, stranger = make_clinic("Elsewhere", "else@example.org")
    stranger.role = "admin"
    db.session.commit()
    sign_in(client, stranger)
    for url in ("record", "record.json", "record.fhir.json"):
        response = client.get(f"/patients/{with_programme.id}/{url}")
        assert response.status_code == 404
        assert b"Maria" not in response.data
    erase = client.post(f"/patients/{with_programme.id}/erase", data={"confirm_name": "Maria Lopez"})
    assert erase.status_code == 404
    assert db.session.get(Patient, with_programme.id) is not None
    assert _events("export_patient") == []


def test_signed_out_visitor_is_sent_to_sign_in(client: FlaskClient, with_programme: Patient):
    response = client.get(f"/patients/{with_programme.id}/record.json")
    assert response.status_code in (302, 401)
    assert b"Maria" not in response.data


def test_upload_imports_a_record_larger_than_the_form_limit(app: Flask, client: FlaskClient,
                                                            therapist: User, with_programme: Patient):
    sign_in(client, therapist)
    exported = client.get(f"/patients/{with_programme.id}/record.json").data
    assert len(exported) > app.config["MAX_CONTENT_LENGTH"]
    clinic, importer = make_clinic("Second", "second@example.org")
    sign_in(client, importer)
    response = client.post("/patients/import", data={"record": (io.BytesIO(exported), "maria.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.data[:500]
    imported = db.session.execute(db.select(Patient).filter_by(clinic_id=clinic.id)).scalar_one()
    assert response.headers["Location"].endswith(f"/patients/{imported.id}")
    assert imported.display_name == "Maria Lopez"


@pytest.mark.parametrize("payload", [b"", b"{not json", b"\xff\xfe\x00garbage", b'{"format": "x"}', b"[" * 100_000])
def test_bad_upload_gets_a_message_and_saves_nothing(client: FlaskClient, therapist: User, payload: bytes):
    sign_in(client, therapist)
    response = client.post("/patients/import", data={"record": (io.BytesIO(payload), "bad.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"message-error" in response.data
    assert db.session.execute(db.select(Patient)).first() is None


def test_erasure_needs_an_admin_and_the_typed_name(client: FlaskClient, therapist: User, with_programme: Patient):
    sign_in(client, therapist)
    refused = client.post(f"/patients/{with_programme.id}/erase", data={"confirm_name": "Maria Lopez"})
    assert refused.status_code == 403
    therapist.role = "admin"
    db.session.commit()
    wrong = client.post(f"/patients/{with_programme.id}/erase", data={"confirm_name": "Maria"})
    assert wrong.status_code == 400 and b"does not match" in wrong.data
    assert db.session.get(Patient, with_programme.id) is not None

    patient_id = with_programme.id
    done = client.post(f"/patients/{patient_id}/erase", data={"confirm_name": "  maria   LOPEZ "})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Patient, patient_id) is None
    assert db.session.execute(db.select(IssuedHandout)).first() is None
    (event,) = _events("erase_patient")
    assert event.patient_id == patient_id and event.user_id == therapist.id


def test_patient_page_and_list_link_to_the_record_actions(client: FlaskClient, therapist: User, patient: Patient):
    sign_in(client, therapist)
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert f'href="/patients/{patient.id}/record"' in page
    manage = client.get(f"/patients/{patient.id}/record").get_data(as_text=True)
    assert f"/patients/{patient.id}/record.fhir.json" in manage
    assert "Erase" not in manage  # the erase form is for admins only
    assert 'href="/patients/import"' in client.get("/patients").get_data(as_text=True)


def test_a_record_with_a_nul_character_is_refused(client: FlaskClient, therapist: User, with_programme: Patient):
    sign_in(client, therapist)
    exported = client.get(f"/patients/{with_programme.id}/record.json").get_json()
    exported["patient"]["display_name"] = "Maria\x00Lopez"
    response = client.post("/patients/import", content_type="multipart/form-data",
                           data={"record": (io.BytesIO(json.dumps(exported).encode()), "r.json")})
    assert response.status_code == 400 and b"NUL" in response.data
    assert db.session.execute(db.select(db.func.count(Patient.id))).scalar_one() == 1
