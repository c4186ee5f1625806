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


def _statements_of(client: FlaskClient, programme_id: int) -> list[tuple[str, object]]:
    """The SQL one export runs, as sent to the database, with its parameters."""
    from sqlalchemy import event

    sent: list[tuple[str, object]] = []

    def record(conn: object, cursor: object, statement: str, parameters: object, *args: object) -> None:
        sent.append((" ".join(statement.split()), parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.post(f"/programmes/{programme_id}/export").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return sent


def test_an_unchanged_reexport_reads_no_stored_snapshot_and_checksums_from_the_index(
        signed_in: FlaskClient, programme: Programme) -> None:
    """A re-export only writes the new row's snapshot: reading old ones back was most of its time."""
    export(signed_in, programme.id)
    export(signed_in, programme.id)
    sent = _statements_of(signed_in, programme.id)
    reads = [(s, params) for s, params in sent if s.startswith("SELECT") and "FROM issued_handout" in s]
    assert reads and not [s for s, _ in reads if "issued_handout.snapshot" in s.split(" FROM ")[0]]
    checksums, params = next(read for read in reads if read[0].startswith("SELECT issued_handout.pdf_sha256"))
    if db.engine.dialect.name != "sqlite":
        return  # the plan is SQLite's (its rows are stored with the snapshot); PostgreSQL plans tiny tables its own way
    plan = db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {checksums}", params).all()
    assert "COVERING INDEX ix_issued_handout_checksums" in " ".join(str(row[-1]) for row in plan)
