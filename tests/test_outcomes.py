"""Outcome measures: the PSFS and a plugin's scale through one hook, recorded at a visit or on the patient's page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.exercise_data import OutcomeScale
from clinic.models import AuditEvent, OutcomeSchedule, OutcomeScore, Patient, User
from clinic.services.outcomes import ScoreRefused, read_score
from clinic.state import catalogue, clinic_state
from tests.conftest import make_clinic
from tests.handout_fixtures import app_config as handout_app_config  # noqa: F401
from tests.handout_support import demo_programme, log_in
from tests.handout_support import write_demo_plugin as _write_demo_plugin
from tests.patient_link_support import export, printed_path

SCALE_PLUGIN = '''
from clinic.plugin_kit import OutcomeScale, ScaleQuestion, hookimpl


@hookimpl
def clinic_outcome_scales():
    return [OutcomeScale(
        id="knee_scores.run_check", name="Running check", short_name="Run",
        instructions="Answer for the last week.",
        questions=(ScaleQuestion(id="distance", text="How far can you run?"),
                   ScaleQuestion(id="stairs", text="How easy are stairs?")),
        low=0, high=4, low_label="Not at all", high_label="With no trouble",
        scoring="sum", direction="higher_is_better", minimal_change=2, licence="Free to use.")]
'''


@pytest.fixture
def plugin_root(tmp_path: Path) -> Path:
    """The demo exercises, and a second plugin that gives only a scale."""
    root = tmp_path / "plugins"
    _write_demo_plugin(root, count=4)
    folder = root / "knee_scores"
    folder.mkdir()
    (folder / "__init__.py").write_text(SCALE_PLUGIN)
    (folder / "plugin.toml").write_text('name = "knee_scores"\nversion = "1.0.0"\nrequires = ">=1.2"\n')
    return root


@pytest.fixture
def app_config(handout_app_config: dict) -> dict:  # noqa: F811
    return handout_app_config


def psfs() -> OutcomeScale:
    return catalogue().scales["core.psfs"]


def test_the_psfs_and_a_plugins_scale_come_through_the_same_hook(app: Flask) -> None:
    scales = catalogue().scales
    assert list(scales) == ["core.psfs", "knee_scores.run_check"]
    assert psfs().score_range == (0.0, 10.0) and psfs().minimal_change == 2
    assert scales["knee_scores.run_check"].score_range == (0.0, 8.0)  # a sum of two 0-4 answers
    builtin = next(p for p in clinic_state().catalogue.plugins if p.name == "builtin_scales")
    assert builtin.hooks == ["clinic_outcome_scales"] and builtin.error is None


def test_a_plugins_scale_outside_its_namespace_disables_that_plugin(tmp_path: Path, database_url: str) -> None:
    from clinic import create_app
    from tests.conftest import _base_config

    root = tmp_path / "p"
    folder = root / "bad_scales"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(SCALE_PLUGIN)  # its id says knee_scores
    (folder / "plugin.toml").write_text('name = "bad_scales"\nversion = "1.0.0"\n')
    app = create_app({**_base_config(database_url), "PLUGIN_DIRS": [str(root)]},
                     instance_path=str(tmp_path / "i"))
    record = catalogue(app).plugin("bad_scales")
    assert record is not None and "must start with the plugin name 'bad_scales.'" in (record.error or "")
    assert list(catalogue(app).scales) == ["core.psfs"]


def test_a_scale_must_ask_something_and_have_a_range() -> None:
    base = dict(id="p.s", name="S", short_name="S", instructions="i", low_label="l", high_label="h",
                minimal_change=1, licence="x")
    with pytest.raises(ValueError, match="questions or named_items"):
        OutcomeScale(**base)
    with pytest.raises(ValueError, match="low must be less than high"):
        OutcomeScale(**base, questions=({"id": "a", "text": "A?"},), low=3, high=3)


def test_the_psfs_scores_the_mean_of_the_activities_named(app: Flask) -> None:
    form = {"item-1": "  Climbing   stairs ", "rating-1": "3", "item-2": "Kneeling", "rating-2": "6"}
    answers = read_score(psfs(), form, date(2026, 3, 1))
    assert answers.items == (("Climbing stairs", 3), ("Kneeling", 6))
    assert psfs().score([r for _, r in answers.items]) == 4.5


@pytest.mark.parametrize(("form", "message"), [
    ({}, "Name at least one activity and give it a number."),
    ({"item-1": "Stairs"}, "Give activity 1 a number."),
    ({"rating-2": "4"}, "Write what activity 2 is, or clear its number."),
    ({"item-1": "Stairs", "rating-1": "11"}, "Give activity 1 a number from 0 to 10."),
    ({"item-1": "Stairs", "rating-1": "٣"}, "Give activity 1 a number from 0 to 10."),
    ({"item-1": "x" * 101, "rating-1": "3"}, "Activity 1 can be up to 100 characters."),
])
def test_a_bad_psfs_answer_is_refused_with_a_plain_message(app: Flask, form: dict, message: str) -> None:
    with pytest.raises(ScoreRefused, match=message):
        read_score(psfs(), form, date(2026, 3, 1))


def test_the_therapist_records_a_score_at_a_visit(client: FlaskClient, patient: Patient, therapist: User) -> None:
    log_in(client, therapist)
    form = client.get(f"/patients/{patient.id}/scores/new?scale=core.psfs").get_data(as_text=True)
    assert "Patient-Specific Functional Scale" in form and 'name="item-5"' in form
    day = (date.today() - timedelta(days=3)).isoformat()
    response = client.post(f"/patients/{patient.id}/scores/new", data={
        "scale": "core.psfs", "day": day, "item-1": "Stairs", "rating-1": "2", "item-2": "Gardening", "rating-2": "5"})
    assert response.status_code == 302
    row = db.session.execute(db.select(OutcomeScore)).scalar_one()
    assert (row.score, row.day.isoformat(), row.by_patient, row.user_id) == (3.5, day, False, therapist.id)
    assert row.answers == [{"item": "Stairs", "rating": 2}, {"item": "Gardening", "rating": 5}]
    event = db.session.execute(db.select(AuditEvent).filter_by(action="outcome_score")).scalar_one()
    assert event.user_id == therapist.id and event.patient_id == patient.id and event.detail["scale"] == "core.psfs"
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert '<td class="score">3.5</td>' in page and "Stairs: 2; Gardening: 5" in page
    again = client.get(f"/patients/{patient.id}/scores/new?scale=core.psfs").get_data(as_text=True)
    assert 'value="Stairs"' in again and 'value="Gardening"' in again  # the same activities are re-rated


def test_a_refused_score_keeps_what_was_typed(client: FlaskClient, patient: Patient, therapist: User) -> None:
    log_in(client, therapist)
    response = client.post(f"/patients/{patient.id}/scores/new", data={
        "scale": "core.psfs", "item-1": "Stairs", "rating-1": "4", "item-2": "Walking the dog"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give activity 2 a number." in page
    assert 'value="Walking the dog"' in page and 'name="rating-1" value="4" checked' in page
    assert db.session.execute(db.select(db.func.count(OutcomeScore.id))).scalar_one() == 0


def test_a_plugins_fixed_questions_sum(client: FlaskClient, patient: Patient, therapist: User) -> None:
    log_in(client, therapist)
    response = client.post(f"/patients/{patient.id}/scores/new", data={
        "scale": "knee_scores.run_check", "rating-distance": "3", "rating-stairs": "4"})
    assert response.status_code == 302
    assert db.session.execute(db.select(OutcomeScore.score)).scalar_one() == 7.0
    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "How far can you run?: 3; How easy are stairs?: 4" in page  # the table says what was asked
    refused = client.post(f"/patients/{patient.id}/scores/new", data={
        "scale": "knee_scores.run_check", "rating-distance": "3"})
    assert refused.status_code == 400 and "Answer question 2." in refused.get_data(as_text=True)


def test_another_clinics_patient_and_an_unknown_scale_are_404(client: FlaskClient, patient: Patient) -> None:
    _, stranger = make_clinic("Other clinic", "o@example.org")
    log_in(client, stranger)
    assert client.get(f"/patients/{patient.id}/scores/new?scale=core.psfs").status_code == 404
    assert client.post(f"/patients/{patient.id}/scores/new",
                       data={"scale": "core.psfs", "item-1": "x", "rating-1": "1"}).status_code == 404
    assert client.post(f"/patients/{patient.id}/scores/schedule",
                       data={"scale": "core.psfs", "every_days": "14"}).status_code == 404
    other = Patient(clinic_id=stranger.clinic_id, display_name="Ola Other")
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/patients/{other.id}/scores/new?scale=nope.nope").status_code == 404
    assert db.session.execute(db.select(db.func.count(OutcomeScore.id))).scalar_one() == 0


def test_the_patients_page_asks_every_n_days(client: FlaskClient, patient: Patient, therapist: User) -> None:
    log_in(client, therapist)
    _, pdf = export(client, demo_programme(patient, therapist).id)
    token = printed_path(pdf).removeprefix("/p/")
    assert "How are everyday tasks going?" not in client.get(f"/p/{token}").get_data(as_text=True)
    bad = client.post(f"/patients/{patient.id}/scores/schedule", data={"scale": "core.psfs", "every_days": "x"},
                      follow_redirects=True)
    assert "Ask every 0 to 365 days" in bad.get_data(as_text=True)
    client.post(f"/patients/{patient.id}/scores/schedule", data={"scale": "core.psfs", "every_days": "14"})
    assert db.session.execute(db.select(OutcomeSchedule.every_days)).scalar_one() == 14
    scheduled = db.session.execute(db.select(AuditEvent).filter_by(action="outcome_schedule")).scalar_one()
    assert scheduled.user_id == therapist.id and scheduled.detail == {"scale": "core.psfs", "every_days": 14}
    client.post("/logout")

    page = client.get(f"/p/{token}").get_data(as_text=True)
    assert "How are everyday tasks going?" in page and 'action="/p/score"' in page
    assert 'name="item-3"' in page and 'name="item-4"' not in page  # three boxes on a phone, not five
    far = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-4": "Gardening"})
    assert far.status_code == 400 and 'value="Gardening"' in far.get_data(as_text=True)  # a far box is kept
    refused = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-1": "Stairs"})
    assert refused.status_code == 400 and "Give activity 1 a number." in refused.get_data(as_text=True)
    assert 'value="Stairs"' in refused.get_data(as_text=True)
    saved = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-1": "Stairs", "rating-1": "6"})
    assert saved.status_code == 200 and "Saved. Thank you!" in saved.get_data(as_text=True)
    row = db.session.execute(db.select(OutcomeScore)).scalar_one()
    assert (row.score, row.by_patient, row.user_id, row.day) == (6.0, True, None, date.today())
    event = db.session.execute(db.select(AuditEvent).filter_by(action="outcome_score")).scalar_one()
    assert event.user_id is None and token.replace("-", "") not in str(event.detail)
    assert 'action="/p/score"' not in client.get(f"/p/{token}").get_data(as_text=True)  # not due for 14 days
    twice = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-1": "Stairs", "rating-1": "7"})
    assert "nothing more to answer today" in twice.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(OutcomeScore.id))).scalar_one() == 1

    row.day = date.today() - timedelta(days=14)
    db.session.commit()
    again = client.get(f"/p/{token}").get_data(as_text=True)
    assert 'action="/p/score"' in again and 'value="Stairs"' in again  # due again, with last time's activity


def test_a_stopped_link_cannot_send_a_score(client: FlaskClient) -> None:
    response = client.post("/p/score", data={"token": "abcd-" * 6 + "abcd", "scale": "core.psfs"})
    assert response.status_code == 404


def test_check_plugin_reports_a_bad_scale_and_passes_a_good_one(plugin_root: Path) -> None:
    from clinic.contributor.check import check_plugin

    good = check_plugin(plugin_root / "knee_scores", plugin_dirs=[])
    assert not good.errors, [str(f) for f in good.errors]
    broken = plugin_root / "knee_scores"
    (broken / "__init__.py").write_text(SCALE_PLUGIN.replace("minimal_change=2", "minimal_change=0"))
    check = check_plugin(broken, plugin_dirs=[])
    assert any("clinic_outcome_scales" in str(f) and "minimal_change" in str(f) for f in check.errors), \
        [str(f) for f in check.findings]


def test_the_pages_script_gets_json_answers_for_a_score(client: FlaskClient, patient: Patient,
                                                         therapist: User) -> None:
    """A score kept offline and sent late (or twice) is answered plainly and never saved twice."""
    log_in(client, therapist)
    _, pdf = export(client, demo_programme(patient, therapist).id)
    token = printed_path(pdf).removeprefix("/p/")
    client.post(f"/patients/{patient.id}/scores/schedule", data={"scale": "core.psfs", "every_days": "14"})
    client.post("/logout")
    as_json = {"Accept": "application/json"}
    refused = client.post("/p/score", data={"token": token, "scale": "core.psfs", "item-1": "Stairs"}, headers=as_json)
    assert refused.status_code == 400 and refused.get_json() == {"saved": False, "problem": "Give activity 1 a number."}
    answers = {"token": token, "scale": "core.psfs", "item-1": "Stairs", "rating-1": "5"}
    saved = client.post("/p/score", data=answers, headers=as_json)
    assert saved.get_json() == {"saved": True, "message": "Saved. Thank you!"}
    again = client.post("/p/score", data=answers, headers=as_json)
    assert again.get_json() == {"saved": True, "message": "Thank you: there is nothing more to answer today."}
    assert db.session.execute(db.select(db.func.count(OutcomeScore.id))).scalar_one() == 1
