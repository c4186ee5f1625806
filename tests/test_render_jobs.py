"""Exports on a real Redis queue: enqueue, progress, a worker's render, exactly-once recording, retry, scope."""

from __future__ import annotations

import hashlib

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.jobs.queue import render_queue, requeue_lost
from clinic.jobs.render import _render_and_record, run_render_job
from clinic.models import AuditEvent, IssuedHandout, Patient, PatientLink, Programme, RenderJob, User
from tests.conftest import make_clinic
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.handout_support import demo_programme, page_texts
from tests.render_queue_support import queue_config, work_off  # noqa: F401
from tests.session_helpers import sign_in


@pytest.fixture
def app_config(queue_config: dict) -> dict:  # noqa: F811
    return queue_config


@pytest.fixture
def programme(patient: Patient, therapist: User) -> Programme:
    return demo_programme(patient, therapist)


def queued_export(client: FlaskClient, programme_id: int, **form: str):  # type: ignore[no-untyped-def]
    return client.post(f"/programmes/{programme_id}/export", data=form, headers={"HX-Request": "true"})


def only_job() -> RenderJob:
    db.session.expire_all()
    return db.session.execute(db.select(RenderJob)).scalar_one()


def handouts() -> list[IssuedHandout]:
    db.session.expire_all()
    return list(db.session.execute(db.select(IssuedHandout)).scalars())


def test_export_enqueues_and_a_worker_renders_it(app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    answer = queued_export(signed_in, programme.id)
    assert answer.status_code == 200
    assert "Waiting to print" in answer.get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in answer.get_data(as_text=True)  # the page keeps asking while it waits
    job = only_job()
    assert job.status == "queued" and not handouts()  # nothing is recorded before the render
    assert render_queue().count == 1  # type: ignore[union-attr]

    work_off(app)

    job = only_job()
    assert job.status == "done" and job.attempts == 1 and job.issued_handout_id is not None
    page = signed_in.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "The handout is ready." in page and "every 1s" not in page  # finished: the polling stops
    pdf = signed_in.get(f"/jobs/{job.id}/pdf")
    assert pdf.mimetype == "application/pdf" and "attachment" in pdf.headers["Content-Disposition"]
    [handout] = handouts()
    assert hashlib.sha256(pdf.data).hexdigest() == handout.pdf_sha256
    assert "Maria Lopez" in page_texts(pdf.data)[0]


def test_a_plain_form_post_goes_to_the_job_page_and_print_opens_the_pdf_when_done(
        app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    answer = signed_in.post(f"/programmes/{programme.id}/export", data={"open": "inline"})
    assert answer.status_code == 303
    job = only_job()
    assert answer.headers["Location"].endswith(f"/jobs/{job.id}?open=inline")
    waiting = signed_in.get(f"/jobs/{job.id}?open=inline").get_data(as_text=True)
    assert "Printing a handout" in waiting and 'http-equiv="refresh"' in waiting  # works without JavaScript too
    work_off(app)
    polled = signed_in.get(f"/jobs/{job.id}?open=inline", headers={"HX-Request": "true"})
    assert polled.headers["HX-Redirect"] == f"/jobs/{job.id}/pdf?inline=1"
    opened = signed_in.get(f"/jobs/{job.id}?open=inline")
    assert opened.status_code == 303 and opened.headers["Location"].endswith(f"/jobs/{job.id}/pdf?inline=1")
    inline = signed_in.get(f"/jobs/{job.id}/pdf?inline=1")
    assert "inline" in inline.headers["Content-Disposition"]


def test_the_snapshot_is_what_was_clicked_not_what_was_edited_later(
        app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    queued_export(signed_in, programme.id)
    clicked_version, clicked_title = programme.version, programme.title
    programme.title = "Renamed while the job waited"
    programme.version += 1
    db.session.commit()
    work_off(app)
    [handout] = handouts()
    assert handout.programme_version == clicked_version
    assert handout.snapshot["programme"]["title"] == clicked_title


def test_a_job_delivered_twice_is_recorded_once(app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    queued_export(signed_in, programme.id)
    job_id = only_job().id
    assert run_render_job(job_id) == "done"
    assert run_render_job(job_id) == "skipped"  # the queue delivered it again after it finished
    # Two runs that both claimed it before either finished: the second one's handout is rolled back.
    job = only_job()
    assert _render_and_record(job) is None
    assert len(handouts()) == 1
    assert db.session.execute(db.select(db.func.count()).select_from(PatientLink)).scalar_one() == 1
    exports = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")).scalars().all()
    assert len(exports) == 1


def test_a_worker_that_died_mid_render_leaves_the_job_for_the_next_one(
        app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    queued_export(signed_in, programme.id)
    job = only_job()
    job.status, job.attempts = "rendering", 1  # claimed, then the host went away before recording
    db.session.commit()
    assert run_render_job(job.id) == "done"
    job = only_job()
    assert job.attempts == 2 and len(handouts()) == 1


def test_a_failing_render_is_retried_then_says_why_and_can_be_retried(
        app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    queued_export(signed_in, programme.id)
    job = only_job()
    good = job.snapshot
    job.snapshot = {"broken": True}  # every attempt fails inside the render
    db.session.commit()
    work_off(app)
    job = only_job()
    assert job.status == "failed" and job.attempts == 2  # RENDER_JOB_ATTEMPTS tries, then it stops
    assert "after 2 tries" in job.error and f"job {job.id}" in job.error
    page = signed_in.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "The handout was not printed." in page and "Retry" in page
    assert signed_in.get(f"/jobs/{job.id}/pdf").status_code == 404
    assert not handouts()

    job.snapshot = good  # whatever broke is mended; the therapist presses Retry
    db.session.commit()
    retried = signed_in.post(f"/jobs/{job.id}/retry", headers={"HX-Request": "true"})
    assert "Waiting to print" in retried.get_data(as_text=True)
    work_off(app)
    job = only_job()
    assert job.status == "done" and job.attempts == 1 and len(handouts()) == 1


def test_a_refusal_is_shown_at_once_and_queues_nothing(signed_in: FlaskClient, programme: Programme) -> None:
    answer = queued_export(signed_in, programme.id, paper="Tabloid")
    assert answer.status_code == 400
    assert db.session.execute(db.select(db.func.count()).select_from(RenderJob)).scalar_one() == 0


def test_lost_jobs_are_put_back_on_the_queue(app: Flask, signed_in: FlaskClient, programme: Programme) -> None:
    from datetime import timedelta

    queued_export(signed_in, programme.id)
    queue = render_queue()
    assert queue is not None
    queue.empty()  # Redis restarted: the message is gone, the row is still queued
    assert requeue_lost(queue, older_than=timedelta(0)) == 1
    assert requeue_lost(queue, older_than=timedelta(0)) == 0  # now it is there again
    work_off(app)
    assert only_job().status == "done"


def test_another_clinics_jobs_are_not_found(app: Flask, client: FlaskClient, signed_in: FlaskClient,
                                            programme: Programme) -> None:
    queued_export(signed_in, programme.id)
    work_off(app)
    job = only_job()
    _, stranger = make_clinic("Other clinic", "other@example.org")
    other = app.test_client()
    sign_in(other, stranger)
    for url in (f"/jobs/{job.id}", f"/jobs/{job.id}/pdf", f"/jobs/{job.id}?open=inline"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/jobs/{job.id}/retry").status_code == 404


def test_the_builder_enqueues_from_the_export_button(signed_in: FlaskClient, programme: Programme) -> None:
    page = signed_in.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert 'id="export-queued"' in page and f'hx-post="/programmes/{programme.id}/export"' in page
