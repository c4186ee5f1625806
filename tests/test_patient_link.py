"""The patient link: its token, the address printed on the PDF, and the page it opens.

Every handout is exported through the real route and rendered by WeasyPrint;
the address is read from the PDF's text and opened with the test client.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import Clinic, IssuedHandout, Patient, PatientLink, User
from clinic.models.common import utcnow
from clinic.services import patient_links
from clinic.services.patient_links import derive_token, find_live_link, normalise, printed_link, token_hash
from clinic.web.log_filter import TokenFilter
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in, page_texts
from tests.patient_link_support import export, printed_path, printed_paths


@pytest.fixture
def signed_in(client: FlaskClient, therapist: User) -> FlaskClient:
    log_in(client, therapist)
    return client


def _link(handout: IssuedHandout) -> PatientLink:
    link = db.session.get(PatientLink, handout.patient_link_id)
    assert link is not None
    return link


def test_the_token_is_long_random_and_only_its_hash_is_stored(signed_in: FlaskClient, patient: Patient,
                                                              therapist: User) -> None:
    handout, pdf = export(signed_in, demo_programme(patient, therapist).id)
    token = normalise(printed_path(pdf).removeprefix("/p/"))
    assert len(token) * 5 >= 128  # base32: five bits a letter
    link = _link(handout)
    assert link.token_hash == token_hash(token)
    row = db.session.execute(db.text("SELECT * FROM patient_link")).mappings().one()
    assert token not in json.dumps({k: str(v) for k, v in row.items()})
    handout_row = db.session.execute(db.text("SELECT snapshot FROM issued_handout")).scalar_one()
    assert token not in str(handout_row)  # the snapshot records what printed, never the token
    assert derive_token(link.nonce, "another secret key") != token  # the database alone does not give it
    assert link.expires_at - link.created_at == timedelta(days=90)


def test_the_printed_address_opens_the_patients_page(signed_in: FlaskClient, patient: Patient,
                                                     therapist: User) -> None:
    programme = demo_programme(patient, therapist)
    handout, pdf = export(signed_in, programme.id)
    pages = printed_paths(pdf)
    assert pages[0][0] == 1 and pages[-1][0] == len(page_texts(pdf))  # page 1 and the log sheet, last
    signed_in.post("/logout")
    anonymous = signed_in.application.test_client()
    response = anonymous.get(printed_path(pdf))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Maria" in body and "Lopez" not in body  # first name only
    assert "The pain rule" in body and "Get help now" in body
    assert body.index("The pain rule") < body.index("Your exercises")
    assert "data:image/svg+xml" in body  # the pictures travel with the page
    for staff in ("/patients", "/login", "/programmes", "/handouts", "/admin"):
        assert staff not in body
    assert "P-1" not in body  # the clinic's reference for the patient
    fields = set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', body))
    assert {f for f in fields if not re.fullmatch(r"done-\d+", f)} == {"token", "day", "pain", "note"}
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_a_clinic_can_greet_patients_by_initials_and_the_page_follows_at_once(
        signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    """An admin's setting on the clinic page; links already printed follow it, since the page reads it live."""
    _, pdf = export(signed_in, demo_programme(patient, therapist).id)
    path = printed_path(pdf)
    assert "Your home exercises, Maria</h1>" in signed_in.get(path).get_data(as_text=True)
    therapist.role = "admin"
    db.session.commit()
    form = signed_in.get("/admin/clinic").get_data(as_text=True)
    assert 'name="patient_page_initials"' in form
    saved = signed_in.post("/admin/clinic", data={"name": "Test clinic", "patient_page_initials": "y"})
    assert saved.status_code == 302 and db.session.get(Clinic, therapist.clinic_id).patient_page_initials
    body = signed_in.get(path).get_data(as_text=True)
    assert "Your home exercises, M. L.</h1>" in body and "Maria" not in body
    signed_in.post("/admin/clinic", data={"name": "Test clinic"})  # an unticked box turns it off
    assert "Your home exercises, Maria</h1>" in signed_in.get(path).get_data(as_text=True)


def test_a_typed_address_works_with_capitals_spaces_and_no_dashes(signed_in: FlaskClient, patient: Patient,
                                                                  therapist: User) -> None:
    _, pdf = export(signed_in, demo_programme(patient, therapist).id)
    token = printed_path(pdf).removeprefix("/p/")
    assert signed_in.get("/p/" + token.replace("-", "").upper()).status_code == 200


def test_a_reprint_prints_the_same_address_and_the_same_bytes(signed_in: FlaskClient, patient: Patient,
                                                              therapist: User) -> None:
    handout, pdf = export(signed_in, demo_programme(patient, therapist).id)
    reprinted = signed_in.get(f"/handouts/{handout.id}/pdf")
    assert printed_path(reprinted.data) == printed_path(pdf)
    db.session.expire_all()
    assert reprinted.data == pdf


def test_an_unchanged_re_export_keeps_the_link_and_a_changed_one_retires_it(
        signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    programme = demo_programme(patient, therapist)
    _, first = export(signed_in, programme.id)
    _, again = export(signed_in, programme.id)
    assert printed_path(again) == printed_path(first)
    programme.title = "A new title"
    db.session.commit()
    _, changed = export(signed_in, programme.id)
    assert printed_path(changed) != printed_path(first)
    assert signed_in.get(printed_path(first)).status_code == 404
    assert signed_in.get(printed_path(changed)).status_code == 200


def test_a_clinic_sets_how_long_its_links_work(signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    therapist.clinic.patient_link_days = 30
    db.session.commit()
    handout, _ = export(signed_in, demo_programme(patient, therapist).id)
    link = _link(handout)
    assert link.expires_at - link.created_at == timedelta(days=30)


def test_a_changed_secret_key_prints_no_address_rather_than_a_wrong_one(
        app: Flask, signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    handout, pdf = export(signed_in, demo_programme(patient, therapist).id)
    path = printed_path(pdf)
    app.config["SECRET_KEY"] = "rotated"
    assert printed_link(_link(handout)) is None
    assert signed_in.get(path).status_code == 200  # the paper the patient holds still works


def _failures(app: Flask, client: FlaskClient, patient: Patient, therapist: User) -> dict[str, str]:
    """A path for each way a link can fail: unknown, malformed, expired, revoked."""
    _, expired_pdf = export(client, demo_programme(patient, therapist).id)
    expired = expired_pdf and printed_path(expired_pdf)
    db.session.execute(db.update(PatientLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    other = Patient(clinic_id=patient.clinic_id, display_name="Ruth Revoked")
    db.session.add(other)
    db.session.commit()
    revoked_handout, revoked_pdf = export(client, demo_programme(other, therapist).id)
    _link(revoked_handout).revoked_at = utcnow()
    db.session.commit()
    return {"unknown": "/p/" + "-".join(["abcd"] * 7), "malformed": "/p/x'; DROP TABLE patient_link; --",
            "too long": "/p/" + "a" * 5000, "expired": expired, "revoked": printed_path(revoked_pdf)}


def test_every_failed_link_is_the_same_plain_404(app: Flask, signed_in: FlaskClient, patient: Patient,
                                                 therapist: User) -> None:
    paths = _failures(app, signed_in, patient, therapist)
    anonymous = app.test_client()
    bodies = set()
    for reason, path in paths.items():
        response = anonymous.get(path)
        assert response.status_code == 404, reason
        bodies.add(response.get_data(as_text=True))
        token = path.removeprefix("/p/")
        posted = anonymous.post("/p/check-in", data={"token": token, "done-1": "yes", "pain": "2"})
        assert posted.status_code == 404, reason
        bodies.add(posted.get_data(as_text=True))
    assert len(bodies) == 1  # the page never says why
    assert "sign in" not in bodies.pop().lower()
    assert db.session.execute(db.text("SELECT count(*) FROM exercise_check_in")).scalar_one() == 0


def test_every_lookup_does_the_same_work(app: Flask, signed_in: FlaskClient, patient: Patient,
                                         therapist: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """One hash, one query and one constant-time comparison, found or not: no early return to time."""
    paths = _failures(app, signed_in, patient, therapist)
    _, good = export(signed_in, demo_programme(patient, therapist).id)
    compared = []
    real = patient_links.hmac.compare_digest

    def counting(a: str, b: str) -> bool:
        compared.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(patient_links.hmac, "compare_digest", counting)
    for path in [*paths.values(), printed_path(good)]:
        compared.clear()
        find_live_link(path.removeprefix("/p/"))
        assert compared == [(64, 64)], path


def test_the_token_is_kept_out_of_request_log_lines() -> None:
    line = '127.0.0.1 - - "GET /p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23 HTTP/1.1" 200 -'
    werkzeug = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s "%s" %s',
                                 ("127.0.0.1", "GET /p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23 HTTP/1.1", 200), None)
    gunicorn = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s"', None, None)
    gunicorn.args = {"h": "127.0.0.1", "r": "GET /p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23 HTTP/1.1",
                     "U": "/p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23"}
    plain = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, line, None, None)
    for record in (werkzeug, gunicorn, plain):
        TokenFilter().filter(record)
        message = record.getMessage()
        assert "abcd-efgh" not in message and "/p/[token]" in message
    check_in = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "POST /p/check-in HTTP/1.1", None, None)
    TokenFilter().filter(check_in)
    assert check_in.getMessage() == "POST /p/check-in HTTP/1.1"


def test_the_app_filters_the_servers_request_loggers(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, TokenFilter) for f in logging.getLogger(name).filters)


def test_another_clinics_therapist_cannot_stop_or_renew_the_link(signed_in: FlaskClient, patient: Patient,
                                                                 therapist: User) -> None:
    handout, pdf = export(signed_in, demo_programme(patient, therapist).id)
    _, intruder = make_clinic("Other clinic", "other@example.org")
    log_in(signed_in, intruder)
    for action in ("revoke", "renew"):
        assert signed_in.post(f"/handouts/{handout.id}/link/{action}").status_code == 404
    assert signed_in.get(printed_path(pdf)).status_code == 200
    assert db.session.execute(db.select(db.func.count(IssuedHandout.id))).scalar_one() == 1


def test_revoking_stops_the_page_and_renewing_prints_a_new_working_link(
        signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    handout, pdf = export(signed_in, demo_programme(patient, therapist).id)
    old = printed_path(pdf)
    assert signed_in.post(f"/handouts/{handout.id}/link/revoke").status_code == 302
    assert signed_in.get(old).status_code == 404
    assert signed_in.post(f"/handouts/{handout.id}/link/renew").status_code == 302
    renewed = db.session.execute(db.select(IssuedHandout).order_by(IssuedHandout.id.desc()).limit(1)).scalar_one()
    assert renewed.id != handout.id and renewed.snapshot == handout.snapshot
    new_pdf = signed_in.get(f"/handouts/{renewed.id}/pdf").data
    assert printed_path(new_pdf) != old
    assert signed_in.get(printed_path(new_pdf)).status_code == 200
    actions = db.session.execute(db.text("SELECT action FROM audit_event ORDER BY id")).scalars().all()
    assert "patient_link.revoke" in actions and "patient_link.renew" in actions


def test_erasure_removes_the_link_its_check_ins_and_the_pdf_that_printed_it(
        app: Flask, signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    from pathlib import Path

    from clinic.services.records import erase_patient

    _, pdf = export(signed_in, demo_programme(patient, therapist).id)
    path = printed_path(pdf)
    assert signed_in.post("/p/check-in", data={"token": path.removeprefix("/p/"), "done-1": "yes",
                                               "pain": "1"}).status_code == 200
    cache = Path(app.instance_path) / "handout-cache"
    assert list(cache.rglob("*.pdf"))
    erase_patient(patient)
    db.session.commit()
    for table in ("patient_link", "exercise_check_in", "day_check_in"):
        assert db.session.execute(db.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
    assert list(cache.rglob("*.pdf")) == []
    assert signed_in.get(path).status_code == 404
