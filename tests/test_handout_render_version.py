"""Issue 17, step 1: a cached PDF is found by its content *and* by what laid it out.

Before, an unchanged snapshot exported after a template, stylesheet or library
change was served the file rendered before it. The render version is part of
the cache's file name; a reprint after such a change is laid out again, and the
issue-14 rule (serve only a file whose checksum the database recorded for this
content) still holds.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.handout import issue
from clinic.handout.render_version import EXTENSION_KEY, fingerprint, render_inputs, render_version
from clinic.models import AuditEvent, IssuedHandout, Patient, User
from clinic.pdf_cache import HandoutCache
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in, page_texts

NEXT_VERSION = "f" * 16


def test_every_layout_input_changes_the_render_version(app: Flask) -> None:
    inputs = render_inputs(app)
    names = [name for name, _ in inputs]
    for expected in ("template:handout/handout.html", "template:handout/_card.html",
                     "static:handout/handout.css", "code:pdf_tags.py", "version:weasyprint",
                     "version:pikepdf", "version:clinic", "config:HANDOUT_PART_CACHE"):
        assert expected in names
    base = fingerprint(inputs)
    assert render_version(app) == base and len(base) == 16
    for index, (name, content) in enumerate(inputs):
        changed = [*inputs[:index], (name, content + b" "), *inputs[index + 1:]]
        assert fingerprint(changed) != base, name


def test_discard_removes_the_files_of_every_render_version(tmp_path: Path) -> None:
    key = "a" * 64
    for version in ("", "1" * 16, "2" * 16):
        HandoutCache(tmp_path, render_version=version).put(4, key, b"%PDF old layout")
    HandoutCache(tmp_path, render_version="1" * 16).put(4, "b" * 64, b"%PDF another handout")
    HandoutCache(tmp_path).discard(4, key)
    assert [p.name for p in (tmp_path / "4").iterdir()] == [f"{'b' * 64}-{'1' * 16}.pdf"]
    with pytest.raises(ValueError):
        HandoutCache(tmp_path, render_version="../x")


def _export(client: FlaskClient, programme_id: int) -> tuple[IssuedHandout, bytes, AuditEvent]:
    response = client.post(f"/programmes/{programme_id}/export")
    assert response.status_code == 200
    handout = db.session.execute(db.select(IssuedHandout).filter_by(programme_id=programme_id)
                                 .order_by(IssuedHandout.id.desc()).limit(1)).scalar_one()
    event = db.session.execute(db.select(AuditEvent).filter_by(action="export", object_id=handout.id)).scalar_one()
    return handout, response.data, event


def test_a_new_render_version_lays_an_unchanged_snapshot_out_again_and_reprints_still_work(
    app: Flask, client: FlaskClient, therapist: User, patient: Patient,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    programme = demo_programme(patient, therapist)
    log_in(client, therapist)
    first, first_pdf, event = _export(client, programme.id)
    assert event.detail["render_version"] == render_version(app)
    again, _, event = _export(client, programme.id)
    assert event.detail["from_cache"] is True and again.content_key == first.content_key

    # A deploy: new layout code. The same snapshot now prints (slightly) different bytes.
    real_render = issue.render_pdf
    renders: list[int] = []

    def new_layout(*args, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
        renders.append(1)
        return real_render(*args, **kwargs) + b"\n% laid out by the next version\n"

    monkeypatch.setattr(issue, "render_pdf", new_layout)
    app.extensions[EXTENSION_KEY] = NEXT_VERSION
    cache_folder = Path(app.instance_path) / "handout-cache" / str(first.clinic_id)

    with caplog.at_level(logging.WARNING, logger="clinic.handout.issue"):
        reprinted = client.get(f"/handouts/{first.id}/pdf")
    assert reprinted.status_code == 200 and len(renders) == 1  # not the old file: laid out again
    assert reprinted.data != first_pdf and page_texts(reprinted.data) == page_texts(first_pdf)
    assert not [r for r in caplog.records if "does not match" in r.getMessage()]  # an upgrade is not tampering
    assert not list(cache_folder.glob(f"*-{NEXT_VERSION}.pdf"))  # a checksum nobody recorded is not cached

    reissued, reissued_pdf, event = _export(client, programme.id)
    assert event.detail["from_cache"] is False and event.detail["render_version"] == NEXT_VERSION
    assert reissued.content_key == first.content_key
    assert reissued.pdf_sha256 == hashlib.sha256(reissued_pdf).hexdigest() != first.pdf_sha256
    db.session.refresh(first)
    assert first.pdf_sha256 == hashlib.sha256(first_pdf).hexdigest()  # still names the file first given

    renders.clear()
    reprinted = client.get(f"/handouts/{first.id}/pdf")  # now the re-issued file, which the database vouches for
    assert reprinted.data == reissued_pdf and renders == []
