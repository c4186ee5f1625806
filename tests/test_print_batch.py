"""Print runs: which handouts are due, one batch of jobs, its progress and its ZIP, with and without a queue."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.jobs.batch import due_programmes
from clinic.models import IssuedHandout, Patient, Programme, User
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme
from tests.render_queue_support import queue_config, work_off  # noqa: F401
from tests.session_helpers import sign_in


def patients_with_programmes(therapist: User, *names: str) -> list[Programme]:
    programmes = []
    for name in names:
        patient = Patient(clinic_id=therapist.clinic_id, display_name=name)
        db.session.add(patient)
        db.session.commit()
        programmes.append(demo_programme(patient, therapist))
    return programmes


def recorded() -> dict[int, IssuedHandout]:
    db.session.expire_all()
    return {h.programme_id: h for h in db.session.execute(db.select(IssuedHandout)).scalars()}


def test_due_means_never_printed_or_changed_since(signed_in: FlaskClient, therapist: User) -> None:
    printed, changed, fresh = patients_with_programmes(therapist, "Ann Printed", "Bob Changed", "Cy New")
    for programme in (printed, changed):
        assert signed_in.post(f"/programmes/{programme.id}/export").status_code == 200
    changed.version += 1
    db.session.commit()
    archived = patients_with_programmes(therapist, "Dee Archived")[0]
    archived.archived_at = db.func.now()
    db.session.commit()
    assert [p.id for p in due_programmes(therapist.clinic_id)] == [changed.id, fresh.id]
    page = signed_in.get("/handouts/due").get_data(as_text=True)
    assert "Print all 2 handouts due" in page and "Bob Changed" in page and "Ann Printed" not in page


def test_without_a_queue_the_run_prints_in_the_web_process(signed_in: FlaskClient, therapist: User) -> None:
    programmes = patients_with_programmes(therapist, "Ann One", "Bob Two")
    answer = signed_in.post("/handouts/due")
    assert answer.status_code == 303
    page = signed_in.get(answer.headers["Location"]).get_data(as_text=True)
    assert "2 of 2 handouts finished" in page and "every 1s" not in page
    handouts = recorded()
    assert set(handouts) == {p.id for p in programmes}
    archive = zipfile.ZipFile(io.BytesIO(signed_in.get(answer.headers["Location"] + "/handouts.zip").data))
    names = archive.namelist()
    assert len(names) == 2 and names[0].startswith("01-One-programme-")  # in the list's order, by name
    checksums = {hashlib.sha256(archive.read(n)).hexdigest() for n in names}
    assert checksums == {h.pdf_sha256 for h in handouts.values()}
    assert signed_in.get("/handouts/due").get_data(as_text=True).count("Every handout is printed") == 1


class TestOnTheQueue:
    @pytest.fixture
    def app_config(self, queue_config: dict) -> dict:  # noqa: F811
        return queue_config

    def test_the_run_shows_progress_until_the_workers_finish(self, app: Flask, signed_in: FlaskClient,
                                                            therapist: User) -> None:
        programmes = patients_with_programmes(therapist, "Ann One", "Bob Two", "Cy Three")
        location = signed_in.post("/handouts/due").headers["Location"]
        waiting = signed_in.get(location, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert "0 of 3 handouts finished" in waiting and 'hx-trigger="every 1s"' in waiting
        assert '<progress id="batch-bar" max="3" value="0">' in waiting
        assert not recorded()
        work_off(app)
        done = signed_in.get(location, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert "3 of 3 handouts finished" in done and "every 1s" not in done
        assert set(recorded()) == {p.id for p in programmes}

    def test_another_clinic_cannot_follow_or_download_the_run(self, app: Flask, signed_in: FlaskClient,
                                                             therapist: User) -> None:
        patients_with_programmes(therapist, "Ann One")
        location = signed_in.post("/handouts/due").headers["Location"]
        work_off(app)
        _, stranger = make_clinic("Other clinic", "other@example.org")
        other = app.test_client()
        sign_in(other, stranger)
        assert other.get(location).status_code == 404
        assert other.get(location + "/handouts.zip").status_code == 404
        assert "Every handout is printed" in other.get("/handouts/due").get_data(as_text=True)


def test_the_command_prints_the_due_run_with_a_progress_bar(runner, therapist: User, tmp_path) -> None:  # type: ignore[no-untyped-def]
    programmes = patients_with_programmes(therapist, "Ann One", "Bob Two")
    result = runner.invoke(args=["handouts", "--due", str(therapist.clinic_id), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    assert "Printing 2 handouts" in result.output and "Wrote 2 of 2 handouts" in result.output
    written = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert written[0].startswith("01-One-programme-") and written[1].startswith("02-Two-programme-")
    assert set(recorded()) == {p.id for p in programmes}
    again = runner.invoke(args=["handouts", "--due", str(therapist.clinic_id), "--out", str(tmp_path / "run")])
    assert "No handout is due." in again.output


def test_the_command_needs_one_choice_of_what_to_print(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["handouts", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "Give either --programmes or --due" in result.output


class TestTheCommandOnTheQueue:
    @pytest.fixture
    def app_config(self, queue_config: dict) -> dict:  # noqa: F811
        return queue_config

    def test_workers_render_while_the_command_follows_them(self, app: Flask, runner, therapist: User,  # type: ignore[no-untyped-def]
                                                          tmp_path) -> None:
        import threading
        import time

        from clinic.jobs.queue import render_queue

        programmes = patients_with_programmes(therapist, "Ann One", "Bob Two")
        clinic_id, outcome = therapist.clinic_id, {}

        def command() -> None:  # the terminal's side, while a worker (RQ wants the main thread) renders
            with app.app_context():
                outcome["result"] = runner.invoke(args=["handouts", "--due", str(clinic_id),
                                                        "--out", str(tmp_path / "run"), "--timeout", "60"])

        thread = threading.Thread(target=command, daemon=True)
        thread.start()
        queue = render_queue()
        assert queue is not None
        deadline = time.monotonic() + 30
        while queue.count < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        work_off(app)
        thread.join(timeout=60)
        result = outcome["result"]
        assert result.exit_code == 0, result.output
        assert "Printing 2 handouts" in result.output and "Wrote 2 of 2 handouts" in result.output
        handouts = recorded()
        assert set(handouts) == {p.id for p in programmes}
        files = sorted((tmp_path / "run").iterdir())
        assert {hashlib.sha256(f.read_bytes()).hexdigest() for f in files} == {h.pdf_sha256 for h in handouts.values()}
