"""Patient record export (JSON and FHIR R4), import into another clinic, and erasure."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.servicerequest import ServiceRequest
from flask import Flask
from flask_login import login_user

from clinic.db import db
from clinic.handout.fhir import patient_bundle
from clinic.models import AuditEvent, IssuedHandout, Patient, Programme, ProgrammeItem, User
from clinic.pdf_cache import HandoutCache, content_key
from clinic.services import records
from clinic.state import catalogue
from tests.conftest import make_clinic
from tests.plugin_factory import exercise_toml, write_plugin

HEEL_RAISE = "recs.calf"


@pytest.fixture
def app_config(app_config: dict, tmp_path: Path) -> dict:
    """A plugin of our own, so the expected dosage does not move when the example content does."""
    level = 'levels = [{ step = -1, name = "Seated calf raise", criterion = "If standing hurts." }]'
    write_plugin(tmp_path / "plugins", "recs", {"calf": exercise_toml("Calf raise", extra=level)})
    return {**app_config, "PLUGIN_DIRS": [str(tmp_path / "plugins")]}


def _programme(patient: Patient, therapist: User) -> Programme:
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id, title="Calves",
                          goal="Climb the stairs at home", status="active", created_by_id=therapist.id,
                          referrals=[], schedule=[], progression_rules=[])
    programme.items = [
        ProgrammeItem(exercise_id=HEEL_RAISE, section="strength", position=0, note="Hold the sink.",
                      dosage={"reps": {"low": 12}, "days_per_week": 5}),
        ProgrammeItem(exercise_id=HEEL_RAISE, section="strength", level=-1, position=1,
                      dosage={"times_per_day": 2, "days_per_week": 7}),
        ProgrammeItem(exercise_id="gone_plugin.lunge", section="strength", position=2,
                      dosage={"sets": 2, "reps": [8, 10]}),
    ]
    db.session.add(programme)
    db.session.flush()
    db.session.add(IssuedHandout(clinic_id=patient.clinic_id, patient_id=patient.id,
                                 programme_id=programme.id, programme_version=1, snapshot={"x": [1]},
                                 content_key=hashlib.sha256(f"{patient.id}".encode()).hexdigest(),
                                 pdf_sha256="d" * 64, issued_by_id=therapist.id))
    db.session.commit()
    return programme


@pytest.fixture
def full_patient(app: Flask, patient: Patient, therapist: User) -> Patient:
    patient.date_of_birth = date(1948, 5, 17)
    patient.language = "es"
    _programme(patient, therapist)
    return patient


def _resources(bundle: Bundle, kind: type) -> list:
    return [e.resource for e in bundle.entry if isinstance(e.resource, kind)]


def test_fhir_bundle_validates_and_carries_the_dosage(full_patient: Patient) -> None:
    programmes = list(db.session.execute(db.select(Programme)).scalars())
    data = patient_bundle(full_patient, programmes, catalogue())
    bundle = Bundle.model_validate(json.loads(json.dumps(data)))  # what a receiver would parse

    (fhir_patient,) = _resources(bundle, FhirPatient)
    assert fhir_patient.name[0].text == "Maria Lopez"
    assert str(fhir_patient.birthDate) == "1948-05-17"
    assert fhir_patient.identifier[0].value == "P-1"

    (plan,) = _resources(bundle, CarePlan)
    assert plan.status == "active" and plan.intent == "plan"
    assert plan.description == "Climb the stairs at home"
    requests = _resources(bundle, ServiceRequest)
    urls = {e.resource.__class__.__name__ + str(i): e.fullUrl for i, e in enumerate(bundle.entry)}
    assert [a.reference.reference for a in plan.activity] == [
        e.fullUrl for e in bundle.entry if isinstance(e.resource, ServiceRequest)
    ]
    assert len(set(urls.values())) == len(bundle.entry)

    first, easier, missing = requests
    assert first.code.coding[0].code == HEEL_RAISE
    assert first.quantityQuantity.value == 12
    assert first.occurrenceTiming.repeat.frequency == 5
    assert first.occurrenceTiming.repeat.periodUnit == "wk"
    assert "12" in first.patientInstruction and "Hold the sink." in first.patientInstruction
    assert "series" in first.patientInstruction  # the patient's language (Spanish)
    assert easier.occurrenceTiming.repeat.frequency == 2
    assert easier.occurrenceTiming.repeat.periodUnit == "d"
    assert easier.quantityRange.low.value == 10 and easier.quantityRange.high.value == 12
    assert missing.code.text == "gone_plugin.lunge"  # a removed plugin still exports
    assert missing.quantityRange.high.value == 10
    assert all(r.subject.reference == fhir_patient_url(bundle) for r in requests)


def fhir_patient_url(bundle: Bundle) -> str:
    return next(e.fullUrl for e in bundle.entry if isinstance(e.resource, FhirPatient))


def test_fhir_bundle_is_stable_across_exports(full_patient: Patient) -> None:
    programmes = list(db.session.execute(db.select(Programme)).scalars())
    assert patient_bundle(full_patient, programmes, catalogue()) == patient_bundle(
        full_patient, programmes, catalogue()
    )


def _comparable(record: dict) -> dict:
    """The record without what an import never takes over: the export time, content keys and checksums."""
    kept = {k: v for k, v in record.items() if k != "exported_at"}
    kept["handouts"] = [{k: v for k, v in h.items() if k not in {"content_key", "pdf_sha256"}}
                        for h in record.get("handouts", [])]
    return kept


def test_json_export_imports_as_a_new_patient_in_the_importers_clinic(
    app: Flask, full_patient: Patient
) -> None:
    exported = json.loads(json.dumps(records.export_record(full_patient)))
    assert exported["patient"]["display_name"] == "Maria Lopez"
    assert len(exported["programmes"][0]["items"]) == 3
    assert exported["handouts"][0]["programme"] == 0

    other_clinic, importer = make_clinic("Second clinic", "second@example.org")
    with app.test_request_context():
        login_user(importer)
        imported = records.import_record(exported, importer)
        db.session.commit()
    assert imported.id != full_patient.id
    assert imported.clinic_id == other_clinic.id
    programme = db.session.execute(db.select(Programme).filter_by(patient_id=imported.id)).scalar_one()
    assert programme.clinic_id == other_clinic.id
    handout = db.session.execute(db.select(IssuedHandout).filter_by(patient_id=imported.id)).scalar_one()
    assert handout.clinic_id == other_clinic.id and handout.programme_id == programme.id
    assert handout.content_key == content_key(handout.snapshot, handout.options)  # made here, not read
    assert handout.content_key != exported["handouts"][0]["content_key"] and handout.pdf_sha256 == ""
    assert _comparable(records.export_record(imported)) == _comparable(exported)
    event = db.session.execute(db.select(AuditEvent).filter_by(action="import_patient")).scalar_one()
    assert event.patient_id == imported.id and event.clinic_id == other_clinic.id


@pytest.mark.parametrize(
    "mangle",
    [
        lambda r: r.update(format="something.else"),
        lambda r: r.update(schema=99),
        lambda r: r["patient"].update(display_name=""),
        lambda r: r["patient"].update(display_name="x" * 201),
        lambda r: r["patient"].update(clinic_id=1),
        lambda r: r["programmes"][0].update(id=5),
        lambda r: r["handouts"][0].update(programme=7),
        lambda r: r["programmes"][0]["items"][0].update(level="high"),
        lambda r: r.pop("patient"),
    ],
)
def test_a_bad_record_is_refused_with_a_message_and_nothing_saved(full_patient: Patient, mangle) -> None:
    exported = json.loads(json.dumps(records.export_record(full_patient)))
    mangle(exported)
    patients_before = db.session.execute(db.select(db.func.count(Patient.id))).scalar_one()
    with pytest.raises(records.RecordImportError) as caught:
        records.parse_record(exported)
    assert "import" in str(caught.value) or "points at" in str(caught.value)
    assert db.session.execute(db.select(db.func.count(Patient.id))).scalar_one() == patients_before


def test_erasure_removes_the_record_and_keeps_a_nameless_trail(app: Flask, full_patient: Patient,
                                                              therapist: User) -> None:
    keep = Patient(clinic_id=full_patient.clinic_id, display_name="Other Person")
    db.session.add(keep)
    db.session.flush()
    _programme(keep, therapist)
    patient_id = full_patient.id
    db.session.add(AuditEvent(clinic_id=full_patient.clinic_id, user_id=therapist.id, action="view_patient",
                              patient_id=patient_id, detail={"name": "Maria Lopez", "pages": 2}))
    db.session.commit()

    cache = HandoutCache.for_app()
    keys = {p.id: db.session.execute(db.select(IssuedHandout.content_key).filter_by(patient_id=p.id)).scalar_one()
            for p in (full_patient, keep)}
    clinic_id = full_patient.clinic_id
    for key in keys.values():
        cache.put(clinic_id, key, b"%PDF- a handout with the patient's name")

    with app.test_request_context():
        login_user(therapist)
        counts = records.erase_patient(full_patient)
        db.session.commit()
    assert cache.get(clinic_id, keys[patient_id]) is None  # the rendered PDF is gone from disk
    assert cache.get(clinic_id, keys[keep.id]) is not None
    assert counts == {"programmes": 1, "handouts": 1}
    assert db.session.get(Patient, patient_id) is None
    for model in (Programme, IssuedHandout):
        assert db.session.execute(db.select(model).filter_by(patient_id=patient_id)).first() is None
    remaining_items = db.session.execute(db.select(ProgrammeItem)).scalars().all()
    assert len(remaining_items) == 3  # the other patient's programme is untouched
    assert db.session.get(Patient, keep.id) is not None

    events = db.session.execute(db.select(AuditEvent).filter_by(patient_id=patient_id)).scalars().all()
    assert {e.action for e in events} == {"view_patient", "erase_patient"}
    assert "Maria" not in json.dumps([e.detail for e in events])
    erase = next(e for e in events if e.action == "erase_patient")
    assert erase.user_id == therapist.id and erase.detail == counts


def test_fhir_timing_counts_a_week_when_the_patient_rests_some_days() -> None:
    from clinic.exercise_data import Dosage
    from clinic.handout.fhir import _timing

    assert _timing(Dosage(times_per_day=2, days_per_week=3)) == {
        "repeat": {"frequency": 6, "period": 1, "periodUnit": "wk"}
    }
    assert _timing(Dosage(times_per_day=3, days_per_week=7))["repeat"]["periodUnit"] == "d"
    assert _timing(Dosage.model_validate({"duration_minutes": [5, 10]})) == {
        "repeat": {"duration": 5, "durationUnit": "min", "durationMax": 10}
    }
    assert _timing(Dosage()) is None
