"""Patients: list and live search, create and edit with kept input, archive, and clinic isolation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic.db import db
from clinic.models import AuditEvent, IssuedHandout, Patient, Programme
from tests.conftest import TEST_PASSWORD, make_clinic

GOOD = {"display_name": "Rosa Diaz", "reference": "R-7", "date_of_birth": "1951-04-02",
        "language": "es", "paper_size": "Letter", "large_print": "y"}


@pytest.fixture
def signed_in(client, therapist):
    client.post("/login", data={"email": therapist.email, "password": TEST_PASSWORD})
    return client


def actions() -> list[str]:
    return list(db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_create_patient_saves_every_field_and_audits(signed_in, therapist):
    response = signed_in.post("/patients/new", data=GOOD)
    patient = db.session.execute(db.select(Patient)).scalar_one()
    assert response.location == f"/patients/{patient.id}"
    assert (patient.display_name, patient.reference, patient.date_of_birth) == ("Rosa Diaz", "R-7", date(1951, 4, 2))
    assert (patient.language, patient.paper_size, patient.large_print) == ("es", "Letter", True)
    assert patient.clinic_id == therapist.clinic_id
    assert "create_patient" in actions()
    assert "Español, Letter, large print" in signed_in.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"display_name": "   "}, b"Enter the patient"),
        ({"display_name": "x" * 201}, b"under 200 characters"),
        ({"date_of_birth": (date.today() + timedelta(days=1)).isoformat()}, b"cannot be in the future"),
        ({"date_of_birth": "31/02/1950"}, b"year-month-day"),
        ({"language": "fr"}, b"Not a valid choice"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(signed_in, change, message):
    data = {**GOOD, "reference": "KEEP-ME-42", **change}
    response = signed_in.post("/patients/new", data=data)
    assert response.status_code == 200
    assert message in response.data
    assert b"KEEP-ME-42" in response.data
    assert b'aria-invalid="true"' in response.data
    assert db.session.execute(db.select(Patient)).first() is None


def test_edit_patient_keeps_input_on_error_and_saves_on_success(signed_in, patient):
    bad = signed_in.post(f"/patients/{patient.id}/edit", data={**GOOD, "display_name": "", "reference": "NEW-REF"})
    assert b"NEW-REF" in bad.data
    db.session.refresh(patient)
    assert patient.reference == "P-1"

    ok = signed_in.post(f"/patients/{patient.id}/edit", data={**GOOD, "reference": "", "date_of_birth": ""})
    assert ok.location == f"/patients/{patient.id}"
    db.session.refresh(patient)
    assert patient.display_name == "Rosa Diaz" and patient.reference is None and patient.date_of_birth is None
    update = db.session.execute(db.select(AuditEvent).filter_by(action="update_patient")).scalar_one()
    assert "display_name" in update.detail["fields"] and "reference" in update.detail["fields"]


def test_list_search_and_archive_filter(signed_in, therapist):
    for name, ref in [("Anna Berg", "A-1"), ("Ben Cole", "B-2"), ("Cara 50% Dunn", "C_3")]:
        db.session.add(Patient(clinic_id=therapist.clinic_id, display_name=name, reference=ref))
    db.session.commit()

    page = signed_in.get("/patients")
    assert b"Anna Berg" in page.data and b"Ben Cole" in page.data and b'id="q"' in page.data
    found = signed_in.get("/patients?q=b-2")
    assert b"Ben Cole" in found.data and b"Anna Berg" not in found.data
    # LIKE wildcards are matched literally: "%" is not "anything".
    literal = signed_in.get("/patients?q=0%25")
    assert b"Cara 50% Dunn" in literal.data and b"Anna Berg" not in literal.data

    # htmx gets only the results fragment.
    fragment = signed_in.get("/patients?q=anna", headers={"HX-Request": "true"})
    assert b"Anna Berg" in fragment.data and b"<html" not in fragment.data
    assert "HX-Request" in fragment.headers["Vary"]


def test_archive_and_restore(signed_in, patient):
    response = signed_in.post(f"/patients/{patient.id}/archive")
    assert response.location == "/patients"
    db.session.refresh(patient)
    assert patient.archived_at is not None
    assert b"No patients yet" in signed_in.get("/patients").data
    assert b"1 patient (archived)" in signed_in.get("/patients?archived=1").data

    signed_in.post(f"/patients/{patient.id}/restore")
    db.session.refresh(patient)
    assert patient.archived_at is None
    assert b"Maria Lopez" in signed_in.get("/patients").data
    assert actions()[-2:] == ["archive_patient", "restore_patient"]
    assert db.session.get(Patient, patient.id) is not None  # never deleted


def test_patient_page_lists_programmes_and_issued_handouts(signed_in, patient, therapist):
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id, title="Knee plan",
                          created_by_id=therapist.id)
    db.session.add(programme)
    db.session.flush()
    handout = IssuedHandout(clinic_id=patient.clinic_id, patient_id=patient.id, programme_id=programme.id,
                            programme_version=1, issued_by_id=therapist.id, snapshot={}, content_key="k" * 64,
                            pdf_sha256="0" * 64)
    db.session.add(handout)
    db.session.commit()

    page = signed_in.get(f"/patients/{patient.id}")
    assert page.status_code == 200
    assert f'href="/programmes/{programme.id}"'.encode() in page.data and b"Knee plan" in page.data
    assert f'action="/patients/{patient.id}/programmes"'.encode() in page.data
    assert f'href="/handouts/{handout.id}/pdf"'.encode() in page.data
    assert therapist.name.encode() in page.data
    assert "view_patient" in actions()


def test_therapist_cannot_reach_another_clinics_patient(client, patient):
    other_clinic, other = make_clinic("Other clinic", "other@example.org")
    client.post("/login", data={"email": other.email, "password": TEST_PASSWORD})
    for method, path in [("get", ""), ("get", "/edit"), ("post", "/edit"), ("post", "/archive"), ("post", "/restore")]:
        response = getattr(client, method)(f"/patients/{patient.id}{path}", data=GOOD)
        assert response.status_code == 404, (method, path)
    assert b"Maria Lopez" not in client.get("/patients?q=maria").data
    db.session.refresh(patient)
    assert patient.display_name == "Maria Lopez" and patient.archived_at is None
