"""What prints is what was set: the pain ceiling, typed text in another language, templates.

Run on the real content plugins (the runner's-knee routine), whose pain wording
states its ceiling ("Keep it at 3 out of 10 or less") and whose step-ups and
wall sits carry a pain level on their dosage line.
"""

from __future__ import annotations

import re

import pytest

from clinic.db import db
from clinic.handout.language import check_language
from clinic.handout.resolve import resolve_programme
from clinic.models import Clinic, Programme
from clinic.state import catalogue


@pytest.fixture
def routine(signed_in, patient) -> Programme:
    """The runner's-knee routine with its optional step-ups, started through the real view."""
    response = signed_in.post(f"/patients/{patient.id}/programmes",
                              data={"source": "protocol", "protocol_id": "runners_knee.routine"})
    programme = db.session.get(Programme, int(response.headers["Location"].rsplit("/", 1)[1]))
    signed_in.post(f"/programmes/{programme.id}/items",
                   data={"exercise_id": "runners_knee.step_up", "version": programme.version})
    db.session.refresh(programme)
    return programme


def _settings(programme: Programme, **changes: str) -> dict:
    base = {"title": programme.title, "goal": programme.goal,
            "pain_ceiling": str(programme.pain_rule["ceiling"]), "pain_wording": programme.pain_rule["wording"],
            "referral_tier": [r["tier"] for r in programme.referrals],
            "referral_text": [r["text"] for r in programme.referrals],
            "schedule": "", "progression_rules": "", "version": programme.version}
    return {**base, **changes}


def _snapshot(programme: Programme, patient, therapist, language: str = "en") -> dict:
    clinic = db.session.get(Clinic, programme.clinic_id)
    return resolve_programme(programme, patient, clinic, therapist, catalogue(), language)


def test_the_pain_ceiling_drives_the_wording_and_every_exercise_line(signed_in, routine, patient, therapist):
    """Set to 5 it said "Saved", and the handout still said 3 everywhere."""
    answer = signed_in.post(f"/programmes/{routine.id}/settings", data=_settings(routine, pain_ceiling="5"))
    assert answer.status_code == 200
    assert "The handout says: A mild ache is fine. Keep it at 5 out of 10 or less." in answer.get_data(as_text=True)
    db.session.refresh(routine)
    for language, words, line in (("en", "Keep it at 5 out of 10", "keep pain at 5 out of 10 or less"),
                                  ("es", "en 5 de 10", "mantenga el dolor en 5 de 10 o menos")):
        snapshot = _snapshot(routine, patient, therapist, language)
        assert words in snapshot["pain_rule"]["wording"]
        step_up = next(e for e in snapshot["exercises"] if e["id"] == "runners_knee.step_up")
        assert line in step_up["dosage_text"]
    page = signed_in.get(f"/programmes/{routine.id}").get_data(as_text=True)
    step_up = next(i for i in routine.items if i.exercise_id == "runners_knee.step_up")
    line = re.search(rf'id="dosage-line-{step_up.id}">([^<]*)<', page)
    assert line and "keep pain at 5 out of 10 or less" in line.group(1)
    preview = signed_in.get(f"/programmes/{routine.id}/preview").get_data(as_text=True)
    assert "Keep it at 5 out of 10" in preview and "3 out of 10" not in preview


def test_typed_wording_that_disagrees_with_the_ceiling_is_refused(signed_in, routine):
    typed = "Keep pain at 2 out of 10 while you exercise."
    answer = signed_in.post(f"/programmes/{routine.id}/settings",
                            data=_settings(routine, pain_ceiling="5", pain_wording=typed))
    assert answer.status_code == 422
    assert "The wording says 2 out of 10, but “Pain may reach” is 5." in answer.get_data(as_text=True)
    db.session.refresh(routine)
    assert routine.pain_rule["ceiling"] == 3  # nothing half-saved
    agreed = signed_in.post(f"/programmes/{routine.id}/settings",
                            data=_settings(routine, pain_ceiling="2", pain_wording=typed))
    assert agreed.status_code == 200


def test_the_language_check_counts_and_names_what_the_therapist_typed(signed_in, routine, patient, therapist):
    """It said "0 fields will print in English" over an English goal, note and pain wording."""
    clinic = db.session.get(Clinic, routine.clinic_id)
    assert check_language(routine, patient, clinic, therapist, catalogue(), "es").count == 0
    signed_in.post(f"/programmes/{routine.id}/settings",
                   data=_settings(routine, goal="Run 5 km by March",
                                  pain_wording="Mild pain up to 3 out of 10 is fine."))
    db.session.refresh(routine)
    item = routine.items[1]
    signed_in.post(f"/programmes/{routine.id}/items/{item.id}/note",
                   data={"note": "Go slowly.", "version": routine.version})
    db.session.refresh(routine)
    check = check_language(routine, patient, clinic, therapist, catalogue(), "es")
    assert {t.text for t in check.typed} == {"Run 5 km by March", "Mild pain up to 3 out of 10 is fine.", "Go slowly."}
    assert check.count == 3
    assert check.fallbacks == ["Typed in the builder: note (Clamshells), pain rule, goal"]
    page = signed_in.get(f"/programmes/{routine.id}/language-check?language=es").get_data(as_text=True)
    assert "3 fields will print in English" in page and "Already in Spanish" in page
    marked = signed_in.post(f"/programmes/{routine.id}/own-language",
                            data={"language": "es", "text": "Go slowly.", "version": routine.version})
    assert marked.status_code == 200 and "2 fields will print in English" in marked.get_data(as_text=True)
    db.session.refresh(routine)
    assert check_language(routine, patient, clinic, therapist, catalogue(), "es").count == 2


def test_a_template_leaves_the_patients_goal_and_notes_behind(signed_in, routine):
    """A goal "Run 5 km by March" reached another patient's handout through a template."""
    signed_in.post(f"/programmes/{routine.id}/settings", data=_settings(routine, goal="Run 5 km by March"))
    db.session.refresh(routine)
    walk = routine.items[0]
    clam = routine.items[1]
    signed_in.post(f"/programmes/{routine.id}/items/{clam.id}/note", data={"note": "Maria: left hip first.",
                                                                          "version": routine.version})
    db.session.refresh(routine)
    assert signed_in.post(f"/programmes/{routine.id}/template", data={"title": "Knee"}).status_code == 303
    template = db.session.execute(db.select(Programme).filter_by(is_template=True, archived_at=None)).scalar_one()
    protocol = catalogue().protocols["runners_knee.routine"]
    assert template.goal == protocol.goal
    notes = {i.exercise_id: i.note for i in template.items}
    assert notes[clam.exercise_id] == "" and notes[walk.exercise_id] == walk.note == "Pick a flat route."
    exported = signed_in.get(f"/programmes/{routine.id}/export.json").get_data(as_text=True)
    assert "Run 5 km" not in exported and "Maria" not in exported


def test_a_template_keeps_the_goal_when_asked_and_asks_before_replacing(signed_in, routine):
    signed_in.post(f"/programmes/{routine.id}/settings", data=_settings(routine, goal="Run 5 km by March"))
    signed_in.post(f"/programmes/{routine.id}/template", data={"title": "Knee"})
    again = signed_in.post(f"/programmes/{routine.id}/template", data={"title": " knee ", "keep_goal": "1"})
    assert again.status_code == 409 and "already has a template called “Knee”" in again.get_data(as_text=True)
    assert len(db.session.execute(db.select(Programme).filter_by(is_template=True)).scalars().all()) == 1
    replaced = signed_in.post(f"/programmes/{routine.id}/template",
                              data={"title": "knee", "keep_goal": "1", "replace": "1"})
    assert replaced.status_code == 303
    live = db.session.execute(db.select(Programme).filter_by(is_template=True, archived_at=None)).scalars().all()
    assert [t.goal for t in live] == ["Run 5 km by March"]
