"""Programme files, clinic templates and "changed since the last handout"."""

from __future__ import annotations

import io
import json

import pytest

from clinic.db import db
from clinic.models import Programme


def _upload(client, patient_id: int, body: bytes):
    return client.post(f"/patients/{patient_id}/programmes/import",
                       data={"file": (io.BytesIO(body), "programme.json")}, content_type="multipart/form-data")


def test_export_then_import_gives_the_same_programme(signed_in, programme, patient):
    exported = signed_in.get(f"/programmes/{programme.id}/export.json")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    data = exported.get_json()
    assert "Maria" not in exported.get_data(as_text=True)  # no patient data in the file
    assert [i["exercise_id"] for i in data["items"]] == ["kit.marching", "kit.bridge", "kit.clam"]
    response = _upload(signed_in, patient.id, exported.get_data())
    assert response.status_code == 303
    copy = db.session.get(Programme, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert copy.id != programme.id and copy.patient_id == patient.id
    assert [(i.exercise_id, i.dosage) for i in copy.items] == [(i.exercise_id, i.dosage) for i in programme.items]
    assert copy.referrals == programme.referrals and copy.pain_rule == programme.pain_rule


@pytest.mark.parametrize(("body", "message"), [
    (b"not json", "not valid JSON"),
    (b'{"hello": 1}', "not a programme file"),
    (json.dumps({"format": "clinic-programme", "title": "x", "items": [
        {"exercise_id": "kit.nope"}]}).encode(), "kit.nope) is not in this clinic&#39;s library"),
    (json.dumps({"format": "clinic-programme", "title": "x", "items": [
        {"exercise_id": "kit.clam", "dosage": {"sets": 50}}]}).encode(), "sets above 10"),
    (json.dumps({"format": "clinic-programme", "title": "x", "items": [
        {"exercise_id": "kit.clam", "level": 2}]}).encode(), "has no level 2"),
])
def test_a_bad_file_is_refused_with_a_clear_reason(signed_in, patient, body, message):
    response = _upload(signed_in, patient.id, body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(db.select(Programme)).first() is None


def test_save_as_template_then_start_from_it(signed_in, programme, patient):
    response = signed_in.post(f"/programmes/{programme.id}/template", data={"title": "Hip basics"})
    assert response.status_code == 303
    template = db.session.execute(db.select(Programme).filter_by(is_template=True)).scalar_one()
    assert template.patient_id is None and template.title == "Hip basics" and len(template.items) == 3
    page = signed_in.get(f"/patients/{patient.id}/programmes/new").get_data(as_text=True)
    assert "Hip basics" in page
    started = signed_in.post(f"/patients/{patient.id}/programmes",
                             data={"source": "template", "programme_id": template.id})
    new = db.session.get(Programme, int(started.headers["Location"].rsplit("/", 1)[1]))
    assert new.patient_id == patient.id and not new.is_template and len(new.items) == 3
    # a patient's programme is not a template: refused
    assert signed_in.post(f"/patients/{patient.id}/programmes",
                          data={"source": "template", "programme_id": programme.id}).status_code == 404


def test_changes_since_the_last_issued_handout(signed_in, programme):
    assert "No handout printed yet" in signed_in.get(f"/programmes/{programme.id}/changes").get_data(as_text=True)
    pdf = signed_in.post(f"/programmes/{programme.id}/export")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "up to date" in signed_in.get(f"/programmes/{programme.id}/changes").get_data(as_text=True)
    db.session.refresh(programme)
    clam = next(i for i in programme.items if i.exercise_id == "kit.clam")
    signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                   data={"reps": "20", "version": programme.version})
    text = signed_in.get(f"/programmes/{programme.id}/changes").get_data(as_text=True)
    assert "Clamshell: 2-3 sets of 15 → 2-3 sets of 20." in text


def test_templates_page_lists_and_retires_templates(signed_in, programme):
    signed_in.post(f"/programmes/{programme.id}/template", data={"title": "Hip basics"})
    template = db.session.execute(db.select(Programme).filter_by(is_template=True)).scalar_one()
    assert "Hip basics" in signed_in.get("/templates").get_data(as_text=True)
    assert signed_in.post(f"/templates/{programme.id}/archive").status_code == 404  # not a template
    assert signed_in.post(f"/templates/{template.id}/archive").status_code == 303
    assert ">Hip basics</a>" not in signed_in.get("/templates").get_data(as_text=True)
    # a retired template can no longer be edited or started from
    assert signed_in.post(f"/programmes/{template.id}/items",
                          data={"exercise_id": "kit.clam", "version": template.version}).status_code == 404
