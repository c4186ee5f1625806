"""Issuing handouts through the web routes and the command line: record, audit, cache, reprint, changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic import create_app
from clinic.db import db
from clinic.handout.render_version import render_version
from clinic.models import AuditEvent, IssuedHandout, Patient, PatientLink, Programme, User
from clinic.pdf_cache import pdf_key
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import PLUGIN, demo_programme, log_in, page_texts


@pytest.fixture
def programme(patient: Patient, therapist: User) -> Programme:
    return demo_programme(patient, therapist)


@pytest.fixture
def signed_in(client: FlaskClient, therapist: User) -> FlaskClient:
    log_in(client, therapist)
    return client


def export(client: FlaskClient, programme_id: int, **form: str):  # type: ignore[no-untyped-def]
    return client.post(f"/programmes/{programme_id}/export", data=form)


def issued() -> list[IssuedHandout]:
    return list(db.session.execute(db.select(IssuedHandout).order_by(IssuedHandout.id)).scalars())


def test_export_downloads_records_and_audits(signed_in: FlaskClient, programme: Programme, therapist: User) -> None:
    response = export(signed_in, programme.id)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    handout = issued()[0]
    day = handout.snapshot["date"]
    assert f"Lopez-programme-{day}.pdf" in response.headers["Content-Disposition"]
    assert handout.pdf_sha256 == hashlib.sha256(response.data).hexdigest()
    assert handout.issued_by_id == therapist.id and handout.patient_id == programme.patient_id
    assert handout.plugin_versions == {PLUGIN: "1.2.0"}
    assert handout.options == {"paper": "A4", "large_print": False, "language": "en", "log_sheet": True}
    assert len(handout.content_key) == 64
    assert handout.snapshot["handout_sections"][0]["id"] == "core.home_tips"
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")).scalar_one()
    assert event.object_id == handout.id and event.patient_id == programme.patient_id
    assert "Maria Lopez" in page_texts(response.data)[0]


def test_form_options_override_the_patient_defaults(signed_in: FlaskClient, programme: Programme,
                                                     patient: Patient) -> None:
    patient.large_print = True
    patient.paper_size = "Letter"
    db.session.commit()
    export(signed_in, programme.id)
    export(signed_in, programme.id, paper="A4", large_print="0", log_sheet="0", language="es")
    first, second = issued()
    assert first.options == {"paper": "Letter", "large_print": True, "language": "en", "log_sheet": True}
    assert second.options == {"paper": "A4", "large_print": False, "language": "es", "log_sheet": False}
    assert first.content_key != second.content_key


def test_bad_option_is_refused_plainly(signed_in: FlaskClient, programme: Programme) -> None:
    response = export(signed_in, programme.id, paper="A0")
    assert response.status_code == 400
    assert b"Paper size must be one of A4, Letter" in response.data
    assert issued() == []


def test_unchanged_programme_is_served_from_the_cache(signed_in: FlaskClient, programme: Programme,
                                                      app: Flask) -> None:
    first = export(signed_in, programme.id)
    second = export(signed_in, programme.id)
    assert first.data == second.data
    handouts = issued()
    assert handouts[0].content_key == handouts[1].content_key
    cached = list((Path(app.instance_path) / "handout-cache" / str(programme.clinic_id)).glob("*.pdf"))
    assert handouts[0].patient_link_id == handouts[1].patient_link_id  # the same handout again: the same link
    link = db.session.get(PatientLink, handouts[0].patient_link_id)
    assert [p.stem for p in cached] == [f"{pdf_key(handouts[0].content_key, link.token_hash)}-{render_version(app)}"]
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "export")
                                .order_by(AuditEvent.id)).scalars().all()
    assert [e.detail["from_cache"] for e in events] == [False, True]


def test_too_many_exercises_is_refused_with_a_clear_message(
    signed_in: FlaskClient, programme: Programme, app: Flask
) -> None:
    app.config["MAX_EXERCISES_PER_HANDOUT"] = 3
    response = export(signed_in, programme.id)
    assert response.status_code == 400
    assert b"This programme has 4 exercises, but a handout can hold at most 3." in response.data
    assert signed_in.get(f"/programmes/{programme.id}/preview").status_code == 400
    assert issued() == []


def test_reprint_uses_the_snapshot_not_the_plugin(
    signed_in: FlaskClient, programme: Programme, app_config: dict, plugin_root: Path, tmp_path: Path  # noqa: F811
) -> None:
    original = export(signed_in, programme.id)
    handout_id = issued()[0].id
    data_file = plugin_root / PLUGIN / "exercises" / "move_1.toml"
    data_file.write_text(data_file.read_text().replace('name = "Move 1"', 'name = "Renamed exercise"'))

    rebuilt = create_app(app_config, instance_path=str(tmp_path / "rebuilt"))  # fresh catalogue, empty cache
    client = rebuilt.test_client()
    with rebuilt.app_context():
        log_in(client, db.session.get(User, issued()[0].issued_by_id))
    reprinted = client.get(f"/handouts/{handout_id}/pdf")
    assert reprinted.status_code == 200
    assert page_texts(reprinted.data) == page_texts(original.data)
    assert "Renamed exercise" not in " ".join(page_texts(reprinted.data))

    fresh = client.post(f"/programmes/{programme.id}/export")  # a new export does see the edit
    assert "Renamed exercise" in " ".join(page_texts(fresh.data))


def test_other_clinics_cannot_reach_programmes_or_handouts(
    client: FlaskClient, programme: Programme, therapist: User
) -> None:
    log_in(client, therapist)
    export(client, programme.id)
    handout_id = issued()[0].id
    _, stranger = make_clinic("Other clinic", "other@example.org")
    log_in(client, stranger)
    assert client.get(f"/programmes/{programme.id}/preview").status_code == 404
    assert export(client, programme.id).status_code == 404
    assert client.get(f"/handouts/{handout_id}/pdf").status_code == 404
    assert len(issued()) == 1


def test_signed_out_users_are_sent_to_sign_in(client: FlaskClient, programme: Programme) -> None:
    assert client.get(f"/programmes/{programme.id}/preview").status_code in (302, 401)
    assert export(client, programme.id).status_code in (302, 401)
    assert issued() == []


def test_preview_is_the_same_handout_as_html(signed_in: FlaskClient, programme: Programme) -> None:
    response = signed_in.get(f"/programmes/{programme.id}/preview?large_print=1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="paper-a4 large-print"' in html
    assert "/static/handout/handout.css" in html
    assert "Maria Lopez" in html and "The pain rule" in html and "When to get help" in html
    assert issued() == []


def test_second_handout_says_what_changed(signed_in: FlaskClient, programme: Programme) -> None:
    first = export(signed_in, programme.id)
    assert "What changed" not in " ".join(page_texts(first.data))
    by_exercise = {item.exercise_id: item for item in programme.items}
    by_exercise[f"{PLUGIN}.move_2"].level = 1
    by_exercise[f"{PLUGIN}.move_3"].dosage = {"sets": 4, "reps": 6}
    programme.items.remove(by_exercise[f"{PLUGIN}.move_4"])
    db.session.commit()
    second = export(signed_in, programme.id)
    text = " ".join(page_texts(second.data))
    assert "What changed since your last handout" in text
    assert "Stopped: Move 4" in text
    assert "New level: Move 2: Move 2 → Single-leg move 2" in text
    assert "New amount: Move 3: 2-3 sets of 10-12 → 4 sets of 6" in text
    again = export(signed_in, programme.id)  # same version again: still compared with the older one
    assert "What changed since your last handout" in " ".join(page_texts(again.data))


def test_cli_exports_one_and_many(runner, app: Flask, programme: Programme, patient: Patient,  # type: ignore[no-untyped-def]
                                  therapist: User, tmp_path: Path) -> None:
    target = tmp_path / "one.pdf"
    result = runner.invoke(args=["handout", str(programme.id), "-o", str(target), "--large-print"])
    assert result.exit_code == 0, result.output
    assert "Maria Lopez" in page_texts(target.read_bytes())[0]
    second = demo_programme(patient, therapist)
    result = runner.invoke(args=["handouts", "--programmes", f"{programme.id},{second.id}",
                                 "--out", str(tmp_path / "batch")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "batch").glob("*.pdf")) == sorted(
        [str(programme.id), str(second.id)])
    assert [h.options["large_print"] for h in issued()] == [True, False, False]
    result = runner.invoke(args=["handout", "9999", "-o", str(target)])
    assert result.exit_code != 0 and "No patient programme with id 9999" in result.output
    result = runner.invoke(args=["handouts", "--programmes", f"9999,{second.id}", "--out", str(tmp_path / "mixed")])
    assert result.exit_code != 0 and "1 of 2 handouts not written: 9999" in result.output
    assert [p.name.split("-")[0] for p in (tmp_path / "mixed").glob("*.pdf")] == [str(second.id)]


def test_exercise_whose_plugin_is_gone_is_not_silently_left_out(signed_in: FlaskClient, programme: Programme) -> None:
    programme.items[0].exercise_id = "retired_plugin.old_move"
    db.session.commit()
    response = export(signed_in, programme.id)
    assert response.status_code == 400
    assert b"no longer in the library: retired_plugin.old_move" in response.data
    assert issued() == []


def test_cli_records_nothing_when_the_pdf_cannot_be_written(runner, programme: Programme) -> None:  # type: ignore[no-untyped-def]
    """It ended in a traceback and still recorded a handout that never left the clinic."""
    result = runner.invoke(args=["handout", str(programme.id), "-o", "/nonexistent/dir/x.pdf"])
    assert result.exit_code == 1
    assert "The folder /nonexistent/dir does not exist" in result.output
    assert "Traceback" not in result.output
    assert issued() == []


def test_cli_refuses_a_language_with_no_handout_text(runner, programme: Programme, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "fr.pdf"
    result = runner.invoke(args=["handout", str(programme.id), "-o", str(target), "--language", "fr"])
    assert result.exit_code != 0
    assert "Nothing in this handout is written in French ('fr'): it would print in English." in result.output
    assert "Choose a language the handout has text for: English, Spanish." in result.output
    assert not target.exists() and issued() == []


def test_the_render_runs_before_anything_is_written(signed_in: FlaskClient, programme: Programme,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite has one write lock: a render inside a write transaction would hold up every edit for seconds."""
    from sqlalchemy import event

    import clinic.handout.issue as issue

    happened: list[str] = []

    def statement(conn, cursor, sql: str, *args) -> None:  # type: ignore[no-untyped-def]
        happened.append(sql.split()[0].upper())

    real_render = issue._render

    def render(*args, **kwargs):  # type: ignore[no-untyped-def]
        happened.append("RENDER")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(issue, "_render", render)
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        assert export(signed_in, programme.id).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    rendered = happened.index("RENDER")
    assert not {"INSERT", "UPDATE", "DELETE"} & set(happened[:rendered]), happened[:rendered]
    assert {"INSERT", "UPDATE"} <= set(happened[rendered:])  # the link (retiring older ones), handout, audit
