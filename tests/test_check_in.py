"""The daily check-in on the patient's page: bounded answers, one row a day, audited, rate-limited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import AuditEvent, DayCheckIn, ExerciseCheckIn, Patient, PatientLink, User
from clinic.services.check_ins import NOTE_MAX
from tests.handout_fixtures import app_config as handout_app_config  # noqa: F401
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in
from tests.patient_link_support import export, printed_path


@pytest.fixture
def app_config(handout_app_config: dict) -> dict:  # noqa: F811
    return handout_app_config


@pytest.fixture
def token(client: FlaskClient, patient: Patient, therapist: User) -> str:
    """The token printed on a freshly issued handout; the client is signed out afterwards."""
    log_in(client, therapist)
    _, pdf = export(client, demo_programme(patient, therapist).id)
    client.post("/logout")
    return printed_path(pdf).removeprefix("/p/")


def _check_in(client: FlaskClient, token: str, **answers: str):  # type: ignore[no-untyped-def]
    return client.post("/p/check-in", data={"token": token, **answers})


def _rows() -> tuple[list[tuple], list[tuple]]:
    db.session.expire_all()
    done = db.session.execute(db.select(ExerciseCheckIn.day, ExerciseCheckIn.exercise_number, ExerciseCheckIn.done)
                              .order_by(ExerciseCheckIn.exercise_number)).all()
    days = db.session.execute(db.select(DayCheckIn.day, DayCheckIn.pain, DayCheckIn.note)).all()
    return [tuple(r) for r in done], [tuple(r) for r in days]


def test_a_check_in_is_saved_and_a_second_tap_the_same_day_updates_it(client: FlaskClient, token: str) -> None:
    today = date.today()
    response = _check_in(client, token, **{"done-1": "yes", "done-2": "no", "pain": "3", "note": "Stairs ok"})
    assert response.status_code == 200
    assert "Saved" in response.get_data(as_text=True)
    assert _rows() == ([(today, 1, True), (today, 2, False)], [(today, 3, "Stairs ok")])
    again = _check_in(client, token, **{"done-2": "yes", "pain": "2"})
    assert _rows() == ([(today, 1, True), (today, 2, True)], [(today, 2, "Stairs ok")])
    page = again.get_data(as_text=True)  # the page shows the day's answers, to change with one tap
    assert 'name="done-1" value="yes" checked' in page and 'name="done-2" value="yes" checked' in page
    assert 'name="pain" value="2" checked' in page and ">Stairs ok</textarea>" in page


def test_yesterday_can_be_filled_in_but_not_last_month(client: FlaskClient, token: str) -> None:
    yesterday = date.today() - timedelta(days=1)
    assert _check_in(client, token, day=yesterday.isoformat(), **{"done-1": "yes"}).status_code == 200
    old = _check_in(client, token, day=(date.today() - timedelta(days=30)).isoformat(), **{"done-1": "yes"})
    assert old.status_code == 400
    assert "today or the last 7 days" in old.get_data(as_text=True)
    assert _rows() == ([(yesterday, 1, True)], [])


@pytest.mark.parametrize(("answers", "message"), [
    ({"pain": "11"}, "Pain is a number from 0 to 10."),
    ({"pain": "-1"}, "Pain is a number from 0 to 10."),
    ({"pain": "٣"}, "Pain is a number from 0 to 10."),  # an Arabic-Indic digit is not what the buttons send
    ({"pain": "2", "note": "x" * (NOTE_MAX + 1)},
     f"The note can be up to {NOTE_MAX} characters; yours has {NOTE_MAX + 1}."),
    ({"done-1": "maybe"}, "Answer exercise 1 with done or not done."),
    ({"day": "yesterday", "done-1": "yes"}, "Choose the day from the list."),
    ({}, "Tick at least one exercise, or choose your pain, before saving."),
])
def test_a_bad_answer_is_a_clear_400_and_nothing_is_saved(client: FlaskClient, token: str, answers: dict,
                                                          message: str) -> None:
    response = _check_in(client, token, **{"done-2": "yes", **answers} if answers else {})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _rows() == ([], [])


def test_a_card_number_the_handout_does_not_print_is_ignored(client: FlaskClient, token: str) -> None:
    _check_in(client, token, **{"done-1": "yes", "done-99": "yes"})
    assert [number for _, number, _ in _rows()[0]] == [1]


def test_check_ins_are_audited_and_page_reads_are_not(client: FlaskClient, token: str) -> None:
    before = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one()
    client.get(f"/p/{token}")
    assert db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one() == before
    _check_in(client, token, **{"done-1": "yes"})
    event = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    assert event.action == "check_in" and event.user_id is None and event.object_type == "patient_link"
    assert token not in str(event.detail)


def test_a_check_in_is_the_patients_even_from_a_browser_signed_in_as_staff(
        client: FlaskClient, token: str, therapist: User) -> None:
    log_in(client, therapist)
    assert _check_in(client, token, **{"done-1": "yes"}).status_code == 200
    event = db.session.execute(db.select(AuditEvent).filter_by(action="check_in")).scalar_one()
    assert event.user_id is None


def test_the_token_travels_in_the_body_not_the_address(client: FlaskClient, token: str) -> None:
    page = client.get(f"/p/{token}").get_data(as_text=True)
    assert 'action="/p/check-in"' in page
    assert f'name="token" value="{token.replace("-", "")}"' in page


def test_the_therapist_sees_adherence_and_pain(client: FlaskClient, token: str, patient: Patient,
                                               therapist: User) -> None:
    """The demo's exercises: the week's share of their sessions, and the pain scores as a table."""
    link = db.session.execute(db.select(PatientLink)).scalar_one()
    today = date.today()
    _check_in(client, token, **{"done-1": "yes", "done-2": "yes", "pain": "2"})
    log_in(client, therapist)
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "At home: from the patient link" in page
    from clinic.handout.patient_page import days_per_week
    from clinic.services.adherence import summarise
    from clinic.services.patient_links import handout_of

    handout = handout_of(link)
    assert handout is not None
    week = summarise(link, days_per_week(handout), today).weeks[-1]
    assert week.done == 2 and week.scheduled >= 2
    assert f"{week.percent}%" in page
    assert '<td class="pain">2</td>' in page
    assert f"Done 2 of {week.scheduled} sessions so far this week; pain 2." in page
    programme_id = handout.programme_id
    builder = client.get(f"/programmes/{programme_id}").get_data(as_text=True)
    assert f"At home: Done 2 of {week.scheduled} sessions so far this week; pain 2." in builder


class TestWithRateLimitOn:
    @pytest.fixture
    def app_config(self, handout_app_config: dict) -> dict:  # noqa: F811
        return {**handout_app_config, "RATELIMIT_ENABLED": True, "CHECK_IN_LIMIT": "3 per hour"}

    def test_check_ins_are_limited_per_link(self, app: Flask, client: FlaskClient, token: str,
                                            patient: Patient, therapist: User) -> None:
        for _ in range(3):
            assert _check_in(client, token, **{"done-1": "yes"}).status_code == 200
        refused = _check_in(client, token, **{"done-1": "no"})
        assert refused.status_code == 429 and "Try again in an hour" in refused.get_data(as_text=True)
        assert _rows()[0] == [(date.today(), 1, True)]  # the refused one changed nothing
        other = Patient(clinic_id=patient.clinic_id, display_name="Olga Other")
        db.session.add(other)
        db.session.commit()
        log_in(client, therapist)
        _, pdf = export(client, demo_programme(other, therapist).id)
        other_token = printed_path(pdf).removeprefix("/p/")
        assert _check_in(client, other_token, **{"done-1": "yes"}).status_code == 200  # another link's own count


def test_the_pages_script_gets_json_answers(client: FlaskClient, token: str) -> None:
    json_accept = {"Accept": "application/json"}
    saved = client.post("/p/check-in", data={"token": token, "done-1": "yes"}, headers=json_accept)
    assert saved.status_code == 200 and saved.get_json() == {"saved": True, "message": "Saved"}
    refused = client.post("/p/check-in", data={"token": token, "pain": "12"}, headers=json_accept)
    assert refused.status_code == 400
    assert refused.get_json() == {"saved": False, "problem": "Pain is a number from 0 to 10."}


def test_the_service_worker_is_served_for_the_patient_pages_only(client: FlaskClient) -> None:
    """Its scope is /p/, so it can never answer for a staff page; it loads nothing from elsewhere."""
    response = client.get("/p/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    body = response.get_data(as_text=True)
    assert "http://" not in body and "https://" not in body and "importScripts" not in body
    assert 'startsWith("/p/")' in body
    from clinic.web.log_filter import scrub

    assert scrub("GET /p/sw.js HTTP/1.1") == "GET /p/sw.js HTTP/1.1"


def test_the_next_handout_says_how_many_sessions_were_done_last_week(client: FlaskClient, token: str,
                                                                      patient: Patient, therapist: User) -> None:
    """Numbers from the check-ins only, in the "What changed" box of a changed programme's next handout."""
    from clinic.handout.patient_page import days_per_week
    from clinic.models import Programme
    from clinic.services.adherence import week_start
    from clinic.services.patient_links import handout_of
    from tests.handout_support import page_texts

    link = db.session.execute(db.select(PatientLink)).scalar_one()
    link.created_at -= timedelta(days=14)
    last_monday = week_start(date.today()) - timedelta(days=7)
    for offset, number, done in ((0, 1, True), (1, 1, True), (2, 2, True), (3, 2, False)):
        db.session.add(ExerciseCheckIn(link_id=link.id, patient_id=patient.id, day=last_monday + timedelta(days=offset),
                                       exercise_number=number, exercise_id="x", done=done))
    db.session.commit()
    handout = handout_of(link)
    assert handout is not None
    scheduled = sum(days_per_week(handout).values())  # a whole week: every card's days
    log_in(client, therapist)
    programme = db.session.get(Programme, handout.programme_id)
    item = sorted(programme.items, key=lambda i: i.position)[1]
    item.dosage = {"sets": {"low": 1}, "reps": {"low": 5}}
    db.session.commit()
    _, changed = export(client, programme.id)
    sentence = f"You did 3 of {scheduled} sessions last week."
    assert sentence in " ".join(page_texts(changed))
    _, again = export(client, programme.id)  # an unchanged re-export keeps its box, and its link
    assert sentence in " ".join(page_texts(again)) and printed_path(again) == printed_path(changed)
