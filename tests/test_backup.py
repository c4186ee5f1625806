"""Backup and restore round-trip a populated database: every row of every table comes back."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from clinic import create_app
from clinic.db import db
from clinic.models import (
    AuditEvent,
    Clinic,
    DayCheckIn,
    ExerciseCheckIn,
    IssuedHandout,
    OutcomeSchedule,
    OutcomeScore,
    Patient,
    PatientLink,
    Programme,
    ProgrammeItem,
)
from tests.conftest import make_clinic
from tests.parallel import drop_database, fresh_database_beside


def _populate() -> None:
    clinic, user = make_clinic("Backup clinic", "b@example.org")
    clinic.logo, clinic.logo_mimetype = b"\x89PNG\r\n\x1a\n\x00binary\xff", "image/png"
    patient = Patient(clinic_id=clinic.id, display_name="Ana Ñúñez 李", date_of_birth=date(1950, 2, 3),
                      reference="R-9", large_print=True)
    db.session.add(patient)
    db.session.flush()
    programme = Programme(clinic_id=clinic.id, patient_id=patient.id, title="Knee", goal="Walk to the shop",
                          referrals=[{"tier": "urgent", "text": "Calf swelling"}], schedule=[],
                          progression_rules=[], sections=[{"key": "strength", "title": "S"}])
    programme.items.append(ProgrammeItem(exercise_id="core.bridge", section="strength", level=1,
                                         dosage={"sets": {"low": 2, "high": 3}}, position=0, note="slow"))
    db.session.add(programme)
    db.session.flush()
    db.session.add(IssuedHandout(clinic_id=clinic.id, patient_id=patient.id, programme_id=programme.id,
                                 programme_version=programme.version, issued_by_id=user.id,
                                 snapshot={"exercises": [{"name": "Bridge"}]}, content_key="k" * 64,
                                 pdf_sha256="0" * 64))
    db.session.add(AuditEvent(clinic_id=clinic.id, user_id=user.id, action="handout.issue",
                              patient_id=patient.id, detail={"pages": 2}))
    link = PatientLink(clinic_id=clinic.id, patient_id=patient.id, programme_id=programme.id, nonce="n" * 32,
                       token_hash="h" * 64, base_url="https://clinic.example", expires_at=datetime(2027, 1, 1))
    db.session.add(link)
    db.session.flush()
    db.session.add_all([
        ExerciseCheckIn(link_id=link.id, patient_id=patient.id, day=date(2026, 3, 2), exercise_number=1,
                        exercise_id="core.bridge", done=True),
        DayCheckIn(link_id=link.id, patient_id=patient.id, day=date(2026, 3, 2), pain=3, note="Stairs ok"),
        OutcomeScore(clinic_id=clinic.id, patient_id=patient.id, link_id=link.id, scale_id="core.psfs",
                     scale_name="Patient-Specific Functional Scale", score_low=0, score_high=10,
                     day=date(2026, 3, 2), score=4.5, answers=[{"item": "Treppen 階段", "rating": 4}],
                     by_patient=True),
        OutcomeSchedule(clinic_id=clinic.id, patient_id=patient.id, scale_id="core.psfs", every_days=14),
    ])
    db.session.commit()


def _all_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every table the database holds (the migrations' table too), rows sorted."""
    tables = sorted(inspect(db.engine).get_table_names())
    return {
        name: sorted((tuple(row) for row in db.session.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
        for name in tables
    }


@pytest.fixture
def target_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same kind of server to restore into."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    scratch = fresh_database_beside(database_url, "restore")
    yield scratch
    drop_database(database_url, scratch)


@pytest.fixture
def target_app(target_url: str, app_config: dict, tmp_path: Path) -> Iterator[Flask]:
    """An app on the target database that already holds a different clinic's data."""
    other = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": target_url},
                       instance_path=str(tmp_path / "target-instance"))
    with other.app_context():
        upgrade()
        db.session.add(Clinic(name="Data that the restore replaces"))
        db.session.commit()
        db.session.remove()
    yield other
    with other.app_context():
        db.engine.dispose()


def test_round_trip_keeps_every_row_of_every_table(app: Flask, target_app: Flask, tmp_path: Path) -> None:
    _populate()
    before = _all_rows()
    assert before["patient"] and before["issued_handout"] and before["alembic_version"]
    assert before["outcome_score"] and before["outcome_schedule"] and before["day_check_in"]
    backup_file = tmp_path / "clinic.backup"

    result = app.test_cli_runner().invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    # The test app's context is pushed, and a command runs in the current app, so push the target's.
    runner = target_app.test_cli_runner()
    with target_app.app_context():
        refused = runner.invoke(args=["restore", str(backup_file)])
        assert refused.exit_code == 1
        assert "--yes" in refused.output
        assert db.session.execute(db.select(Clinic.name)).scalars().all() == ["Data that the restore replaces"]
        db.session.remove()

        restored = runner.invoke(args=["restore", "--yes", str(backup_file)])
        assert restored.exit_code == 0, restored.output
        after = _all_rows()
        db.session.remove()
    assert after == before


def test_backup_never_overwrites_an_existing_file(app: Flask, tmp_path: Path) -> None:
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"yesterday's backup")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert existing.read_bytes() == b"yesterday's backup"


def test_restore_refuses_a_file_that_is_not_a_clinic_database(
    app: Flask, target_app: Flask, tmp_path: Path
) -> None:
    stranger = tmp_path / "stranger.db"
    with sqlite3.connect(stranger) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database at all")
    runner = target_app.test_cli_runner()
    with target_app.app_context():
        for bad in (stranger, text_file):
            result = runner.invoke(args=["restore", "--yes", str(bad)])
            assert result.exit_code == 1
            assert "not a clinic database" in result.output
        assert db.session.execute(db.select(Clinic.name)).scalar_one() == "Data that the restore replaces"
        db.session.remove()


def test_sqlite_backup_taken_while_another_process_writes_is_consistent(app: Flask, tmp_path: Path) -> None:
    """The online backup API copies a consistent state even with a writer busy beside it."""
    url = make_url(str(db.engine.url))
    if url.get_backend_name() != "sqlite":
        pytest.skip("pg_dump's consistency is PostgreSQL's own (one snapshot per dump)")
    clinic, _ = make_clinic("Busy clinic", "busy@example.org")
    clinic_id = clinic.id
    db.session.remove()  # no transaction of ours open beside the writer
    stop = threading.Event()
    written: list[int] = [0]
    failures: list[BaseException] = []

    def writer() -> None:
        conn = sqlite3.connect(url.database, timeout=10)
        try:
            while not stop.is_set():
                with conn:  # each insert its own committed transaction
                    conn.execute("INSERT INTO patient (clinic_id, display_name, language, large_print, paper_size,"
                                 " created_at, updated_at) VALUES (?, 'Busy Bee', 'en', 0, 'A4', '2026-01-01',"
                                 " '2026-01-01')", (clinic_id,))
                written[0] += 1
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while written[0] < 50 and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert written[0] >= 50, failures
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "busy.backup")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "busy.backup") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = copy.execute("SELECT count(*) FROM patient").fetchone()[0]
    assert 50 <= copied <= written[0]


@contextmanager
def _another_connection(url: str) -> Iterator[None]:
    """An idle connection, as a running app's worker holds in its pool between requests."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        conn = sqlite3.connect(parsed.database)
        conn.execute("SELECT count(*) FROM clinic").fetchall()
        try:
            yield
        finally:
            conn.close()
        return
    engine = create_engine(url)
    with engine.connect() as pg:
        pg.execute(text("SELECT 1"))
        pg.commit()
        yield
    engine.dispose()


def test_restore_is_refused_while_anything_is_connected_unless_forced(
    app: Flask, target_app: Flask, target_url: str, tmp_path: Path
) -> None:
    """Issue 14 finding 8: a restore under a running app lost the writes made meanwhile and reused their ids."""
    _populate()
    backup_file = tmp_path / "clinic.backup"
    assert app.test_cli_runner().invoke(args=["backup", str(backup_file)]).exit_code == 0
    runner = target_app.test_cli_runner()
    with target_app.app_context():
        with _another_connection(target_url):
            refused = runner.invoke(args=["restore", "--yes", str(backup_file)])
            assert refused.exit_code == 1
            assert "Stop the app first" in refused.output and "--force" in refused.output
            assert db.session.execute(db.select(Clinic.name)).scalars().all() == ["Data that the restore replaces"]
            db.session.remove()
            forced = runner.invoke(args=["restore", "--yes", "--force", str(backup_file)])
            assert forced.exit_code == 0, forced.output
        db.session.remove()
        restored = runner.invoke(args=["restore", "--yes", str(backup_file)])  # nothing else connected now
        assert restored.exit_code == 0, restored.output
        assert "Backup clinic" in db.session.execute(db.select(Clinic.name)).scalars().all()
        db.session.remove()
