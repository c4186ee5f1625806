"""The snapshot memo: an unchanged re-export skips the rebuild, and any change still prints."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from clinic.db import db
from clinic.handout import issue
from clinic.models import AuditEvent, IssuedHandout, Patient, Programme, User
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import PLUGIN, demo_programme, log_in


@pytest.fixture
def programme(patient: Patient, therapist: User) -> Programme:
    return demo_programme(patient, therapist)


@pytest.fixture
def signed_in(client: FlaskClient, therapist: User) -> FlaskClient:
    log_in(client, therapist)
    return client


def export(client: FlaskClient, programme_id: int) -> IssuedHandout:
    response = client.post(f"/programmes/{programme_id}/export")
    assert response.status_code == 200, response.data[:300]
    return db.session.execute(db.select(IssuedHandout).order_by(IssuedHandout.id.desc()).limit(1)).scalar_one()


def test_unchanged_reexport_does_not_rebuild_the_snapshot(signed_in: FlaskClient, programme: Programme,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = export(signed_in, programme.id)

    def must_not_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("the snapshot was built again")

    monkeypatch.setattr(issue, "build_snapshot", must_not_rebuild)
    second = export(signed_in, programme.id)
    assert second.id != first.id  # still recorded as a handout given out
    assert second.content_key == first.content_key and second.snapshot == first.snapshot
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")
                                .order_by(AuditEvent.id)).scalars().all()
    assert [e.detail["from_cache"] for e in events] == [False, True]


def test_a_renamed_patient_is_printed_even_though_the_programme_did_not_change(
        signed_in: FlaskClient, programme: Programme, patient: Patient) -> None:
    first = export(signed_in, programme.id)
    patient.display_name = "Maria Lopez-Garcia"
    db.session.commit()
    second = export(signed_in, programme.id)
    assert first.snapshot["patient"]["name"] == "Maria Lopez"
    assert second.snapshot["patient"]["name"] == "Maria Lopez-Garcia"
    assert second.content_key != first.content_key


def test_a_handout_in_between_makes_the_memo_miss(signed_in: FlaskClient, programme: Programme) -> None:
    """Back to the first content after a different handout: the box must say what changed since that one."""
    first = export(signed_in, programme.id)
    item = next(i for i in programme.items if i.exercise_id == f"{PLUGIN}.move_3")
    original = dict(item.dosage)
    item.dosage = {"sets": 4, "reps": 6}
    db.session.commit()
    second = export(signed_in, programme.id)
    item.dosage = original
    db.session.commit()
    third = export(signed_in, programme.id)
    assert first.snapshot["changes"] is None
    assert second.snapshot["changes"]["dosage"]
    first_words = next(e["dosage_text"] for e in first.snapshot["exercises"] if e["id"] == item.exercise_id)
    assert third.snapshot["changes"]["dosage"][0]["after"] == first_words
    assert third.content_key != first.content_key
