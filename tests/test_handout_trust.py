"""Issue 14 finding 1: no clinic can make another clinic's reprint show content it did not print.

The attack: import a record whose handout states another clinic's content key
and carries forged content, push the real file out of the bounded cache,
reprint the import (which rendered the forged content into the shared cache
under the victim's key), and the victim's next reprint served it. Each defence
is checked on its own: keys are recomputed on import, the cache is one folder
per clinic, and a cached file must match the checksum stored with the handout.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.handout.render_version import render_version
from clinic.models import IssuedHandout, Patient, PatientLink, User
from clinic.pdf_cache import HandoutCache, pdf_key
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in, page_texts

FORGED = "Forged Person"


def _issue(client: FlaskClient, user: User, patient: Patient) -> tuple[IssuedHandout, bytes]:
    programme = demo_programme(patient, user)
    log_in(client, user)
    response = client.post(f"/programmes/{programme.id}/export")
    assert response.status_code == 200
    handout = db.session.execute(db.select(IssuedHandout).filter_by(programme_id=programme.id)).scalar_one()
    return handout, response.data


def _file_key(handout: IssuedHandout) -> str:
    """The name of the handout's cached file: its content key, made one per patient link."""
    link = db.session.get(PatientLink, handout.patient_link_id) if handout.patient_link_id else None
    return pdf_key(handout.content_key, link.token_hash if link else None)


def _forged_record(client: FlaskClient, victim: IssuedHandout) -> bytes:
    """The victim's own record, exported by the victim, with the handout's name changed but its key kept."""
    record = client.get(f"/patients/{victim.patient_id}/record.json").get_json()
    handout = record["handouts"][0]
    assert handout["content_key"] == victim.content_key
    handout["snapshot"]["patient"]["name"] = FORGED
    return json.dumps(record).encode()


def _import(client: FlaskClient, importer: User, payload: bytes) -> IssuedHandout:
    log_in(client, importer)
    response = client.post("/patients/import", content_type="multipart/form-data",
                           data={"record": (io.BytesIO(payload), "record.json")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.execute(
        db.select(IssuedHandout).filter_by(clinic_id=importer.clinic_id)).scalar_one()


def test_an_imported_record_cannot_replace_another_clinics_printed_handout(
    app: Flask, client: FlaskClient, therapist: User, patient: Patient
) -> None:
    victim, original = _issue(client, therapist, patient)
    payload = _forged_record(client, victim)
    _, attacker = make_clinic("Attacker clinic", "attacker@example.org")
    imported = _import(client, attacker, payload)
    assert imported.content_key != victim.content_key  # the file's key is never taken over

    shutil.rmtree(Path(app.instance_path) / "handout-cache")  # the real file pushed out of the cache
    forged = client.get(f"/handouts/{imported.id}/pdf")
    assert FORGED in " ".join(page_texts(forged.data))

    log_in(client, therapist)
    reprinted = client.get(f"/handouts/{victim.id}/pdf")
    assert reprinted.status_code == 200
    assert FORGED not in " ".join(page_texts(reprinted.data))
    assert page_texts(reprinted.data) == page_texts(original)


def test_each_clinic_has_its_own_cache_folder(app: Flask, client: FlaskClient, therapist: User,
                                              patient: Patient) -> None:
    victim, _ = _issue(client, therapist, patient)
    cache = Path(app.instance_path) / "handout-cache"
    assert [p.relative_to(cache).as_posix() for p in cache.rglob("*.pdf")] == [
        f"{victim.clinic_id}/{_file_key(victim)}-{render_version(app)}.pdf"]
    assert HandoutCache.for_app(render_version(app)).get(victim.clinic_id + 1, _file_key(victim)) is None


def test_a_cached_file_that_is_not_the_recorded_pdf_is_rendered_again_and_logged(
    app: Flask, client: FlaskClient, therapist: User, patient: Patient, caplog: pytest.LogCaptureFixture
) -> None:
    victim, original = _issue(client, therapist, patient)
    other_patient = Patient(clinic_id=patient.clinic_id, display_name=FORGED)
    db.session.add(other_patient)
    db.session.commit()
    _, other_pdf = _issue(client, therapist, other_patient)
    cache = HandoutCache.for_app(render_version(app))
    cache.put(victim.clinic_id, _file_key(victim), other_pdf)  # the file replaced on disk

    with caplog.at_level(logging.WARNING, logger="clinic.handout.issue"):
        reprinted = client.get(f"/handouts/{victim.id}/pdf")
    assert FORGED not in " ".join(page_texts(reprinted.data))
    assert page_texts(reprinted.data) == page_texts(original)
    assert hashlib.sha256(reprinted.data).hexdigest() == victim.pdf_sha256  # renders are byte-stable
    assert any("does not match its recorded checksum" in r.getMessage() for r in caplog.records)

    cache.put(victim.clinic_id, _file_key(victim), other_pdf)
    again = client.post(f"/programmes/{victim.programme_id}/export")  # a new issue checks it too
    assert page_texts(again.data) == page_texts(original)


def test_an_imported_handout_is_rendered_from_its_snapshot(app: Flask, client: FlaskClient, therapist: User,
                                                           patient: Patient) -> None:
    victim, _ = _issue(client, therapist, patient)
    _, importer = make_clinic("Second clinic", "second@example.org")
    imported = _import(client, importer, _forged_record(client, victim))
    assert imported.pdf_sha256 == ""
    cache = HandoutCache.for_app(render_version(app))
    cache.put(importer.clinic_id, imported.content_key, b"%PDF-1.7 not this handout")
    reprinted = client.get(f"/handouts/{imported.id}/pdf")
    assert FORGED in " ".join(page_texts(reprinted.data))
