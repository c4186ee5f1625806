"""The builder's edits through the real views: versions, validation, order, undo, access."""

from __future__ import annotations

import json

from clinic.db import db
from clinic.models import AuditEvent, Patient, Programme
from clinic.services import programme_settings
from tests.builder_kit import sign_in
from tests.conftest import make_clinic


def _items(programme: Programme) -> list[tuple[str, str]]:
    db.session.refresh(programme)
    return [(i.section, i.exercise_id) for i in sorted(programme.items, key=lambda i: i.position)]


def test_start_from_protocol_fills_in_the_programme(programme):
    assert _items(programme) == [("warm_up", "kit.marching"), ("strength", "kit.bridge"), ("strength", "kit.clam")]
    assert programme.pain_rule["ceiling"] == 3
    assert [r["tier"] for r in programme.referrals] == ["urgent", "therapist"]
    assert programme.schedule[0]["when"] == "Every day"


def test_builder_page_shows_items_library_and_load(signed_in, programme):
    page = signed_in.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Clamshell" in page and "Single-leg bridge" in page  # the ladder names the rungs
    assert "Calf stretch" in page  # in the library column
    assert "/plugin-assets/kit/pictures/a.svg" in page
    assert "minutes a day" in page
    assert signed_in.get("/plugin-assets/kit/pictures/a.svg").status_code == 200


def test_library_search_uses_synonyms_and_filters(signed_in, programme):
    found = signed_in.get(f"/library?q=hip+lift&programme={programme.id}", headers={"HX-Request": "true"})
    text = found.get_data(as_text=True)
    assert ">Bridge<" in text and "Clamshell" not in text and "Add Bridge" in text
    stretches = signed_in.get("/library?kind=stretch", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Calf stretch" in stretches and ">Bridge<" not in stretches


def test_an_edit_raises_the_version_and_is_audited(signed_in, programme):
    version = programme.version
    response = signed_in.post(f"/programmes/{programme.id}/items",
                              data={"exercise_id": "kit.calf_stretch", "version": version})
    assert response.status_code == 200
    assert int(response.headers["X-Programme-Version"]) == version + 1
    assert ("stretch", "kit.calf_stretch") in _items(programme)
    event = db.session.execute(db.select(AuditEvent).filter_by(action="programme.edit")).scalar_one()
    assert event.detail["summary"] == "added Calf stretch" and event.patient_id == programme.patient_id


def test_a_stale_version_is_refused_and_shows_the_other_change(signed_in, programme):
    version = programme.version
    clam = next(i for i in programme.items if i.exercise_id == "kit.clam")
    first = signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                           data={"reps": "20", "version": version})
    assert first.status_code == 200
    second = signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                            data={"reps": "8", "version": version})
    assert second.status_code == 409
    assert second.headers["HX-Retarget"] == "#conflict"
    text = second.get_data(as_text=True)
    assert "Terry Therapist" in text and "20" in text
    db.session.refresh(clam)
    assert clam.dosage == {"reps": {"low": 20}}


def test_a_bad_dosage_is_refused_where_it_was_typed(signed_in, programme):
    clam = next(i for i in programme.items if i.exercise_id == "kit.clam")
    response = signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                              data={"sets": "-2", "reps": "12", "version": programme.version})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Sets must be 1 or more." in text and 'hx-swap-oob="true"' in text
    db.session.refresh(clam)
    assert clam.dosage == {"reps": {"low": 12}}  # the reps were saved; the refused sets were not
    assert int(response.headers["X-Programme-Version"]) == programme.version
    again = signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                           data={"sets": "-2", "reps": "12", "version": programme.version})
    assert again.status_code == 422 and "X-Programme-Version" not in again.headers  # nothing new to save
    absurd = signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/dosage",
                            data={"hold_seconds": "5000", "version": programme.version})
    assert absurd.status_code == 422 and "above 600" in absurd.get_data(as_text=True)


def test_a_good_dosage_keeps_only_what_differs(signed_in, programme):
    bridge = next(i for i in programme.items if i.exercise_id == "kit.bridge")
    response = signed_in.post(f"/programmes/{programme.id}/items/{bridge.id}/dosage",
                              data={"sets": "2-3", "reps": "10-12", "times_per_day": "2",
                                    "version": programme.version})
    assert response.status_code == 200
    db.session.refresh(bridge)
    assert bridge.dosage == {"times_per_day": 2}
    assert "twice a day" in response.get_data(as_text=True)


def test_move_reorder_remove_and_undo(signed_in, programme):
    clam = next(i for i in programme.items if i.exercise_id == "kit.clam")
    assert signed_in.post(f"/programmes/{programme.id}/items/{clam.id}/move",
                          data={"direction": "up", "version": programme.version}).status_code == 200
    assert _items(programme)[1:] == [("strength", "kit.clam"), ("strength", "kit.bridge")]
    ids = {i.exercise_id: i.id for i in programme.items}
    order = json.dumps({"warm_up": [], "strength": [ids["kit.marching"], ids["kit.bridge"], ids["kit.clam"]]})
    assert signed_in.post(f"/programmes/{programme.id}/reorder",
                          data={"order": order, "version": programme.version}).status_code == 200
    assert _items(programme) == [("strength", "kit.marching"), ("strength", "kit.bridge"), ("strength", "kit.clam")]
    stray = json.dumps({"made_up": [ids["kit.clam"]]})
    signed_in.post(f"/programmes/{programme.id}/reorder", data={"order": stray, "version": programme.version})
    assert ("strength", "kit.clam") in _items(programme)  # refreshes the programme too
    assert "made_up" not in {s["key"] for s in programme.sections}
    removed = signed_in.post(f"/programmes/{programme.id}/items/{ids['kit.bridge']}/remove",
                             data={"version": programme.version})
    assert "Removed Bridge" in removed.get_data(as_text=True)
    assert ("strength", "kit.bridge") not in _items(programme)
    data = removed.get_data(as_text=True).split("hx-vals='", 1)[1].split("'", 1)[0]
    undo = json.loads(data)["data"]
    assert signed_in.post(f"/programmes/{programme.id}/items/restore",
                          data={"data": undo, "version": programme.version}).status_code == 200
    assert _items(programme)[1] == ("strength", "kit.bridge")


def test_level_switch_changes_name_and_dosage(signed_in, programme):
    bridge = next(i for i in programme.items if i.exercise_id == "kit.bridge")
    response = signed_in.post(f"/programmes/{programme.id}/items/{bridge.id}/level",
                              data={"level": "1", "version": programme.version})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f'id="item-name-{bridge.id}">Single-leg bridge<' in text and "6-8" in text
    assert signed_in.post(f"/programmes/{programme.id}/items/{bridge.id}/level",
                          data={"level": "3", "version": programme.version}).status_code == 400


def test_settings_keep_a_referral_and_check_the_pain_ceiling(signed_in, programme):
    base = {"title": "Hip plan", "goal": "Walk", "pain_ceiling": "4", "pain_wording": "Mild pain is fine.",
            "referral_tier": ["urgent", "therapist"], "referral_text": ["", ""],
            "schedule": "Every day (5-8 min): stretches; walk", "progression_rules": "Add reps (rule of thumb)"}
    refused = signed_in.post(f"/programmes/{programme.id}/settings", data={**base, "version": programme.version})
    assert refused.status_code == 422 and "at least one" in refused.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.title == "Hip plan" and programme.referrals  # the rest was saved; the last line was kept
    too_high = {**base, "referral_text": ["Knee locks.", ""], "pain_ceiling": "11", "goal": "Walk 2 km",
                "version": programme.version}
    assert signed_in.post(f"/programmes/{programme.id}/settings", data=too_high).status_code == 422
    db.session.refresh(programme)
    assert programme.goal == "Walk 2 km" and programme.pain_rule["ceiling"] != 11  # one refused part holds none back
    good = {**base, "referral_text": ["Knee locks.", ""], "version": programme.version}
    assert signed_in.post(f"/programmes/{programme.id}/settings", data=good).status_code == 200
    db.session.refresh(programme)
    assert programme.title == "Hip plan" and programme.pain_rule["ceiling"] == 4
    assert programme.referrals == [{"tier": "urgent", "text": "Knee locks."}]
    assert programme.schedule == [{"when": "Every day", "minutes": {"low": 5, "high": 8},
                                   "what": ["stretches", "walk"]}]
    assert programme.progression_rules == [{"text": "Add reps", "rule_of_thumb": True}]


def test_load_check_warns_above_five_main_exercises(signed_in, programme):
    for _ in range(3):
        page = signed_in.post(f"/programmes/{programme.id}/items",
                              data={"exercise_id": "kit.calf_stretch", "version": programme.version})
        db.session.refresh(programme)
    assert "More than 5 main exercises" not in page.get_data(as_text=True)  # 5 main, warm-up not counted
    page = signed_in.post(f"/programmes/{programme.id}/items",
                          data={"exercise_id": "kit.clam", "version": programme.version})
    assert "More than 5 main exercises" in page.get_data(as_text=True)


def test_another_clinics_programme_is_not_found(client, programme):
    _, stranger = make_clinic("Other clinic", "o@example.org")
    sign_in(client, stranger.id)
    assert client.get(f"/programmes/{programme.id}").status_code == 404
    assert client.post(f"/programmes/{programme.id}/items",
                       data={"exercise_id": "kit.clam", "version": programme.version}).status_code == 404
    other_patient = db.session.execute(db.select(Patient)).scalars().first()
    assert client.post(f"/patients/{other_patient.id}/programmes", data={"source": "blank"}).status_code == 404


def test_a_race_lost_at_the_database_is_a_conflict_too(signed_in, programme, monkeypatch):
    """Both requests passed the version check; the row's version decides, and nothing is half-saved."""
    from sqlalchemy import text

    import clinic.web.builder_edits as edits

    real_add = edits.add_item

    def add_after_another_writer(target, catalogue, exercise_id):
        db.session.execute(text("UPDATE programme SET version = version + 1 WHERE id = :id"), {"id": target.id})
        return real_add(target, catalogue, exercise_id)

    monkeypatch.setattr(edits, "add_item", add_after_another_writer)
    response = signed_in.post(f"/programmes/{programme.id}/items",
                              data={"exercise_id": "kit.calf_stretch", "version": programme.version})
    assert response.status_code == 409
    assert ("stretch", "kit.calf_stretch") not in _items(programme)


def test_a_template_opens_in_the_builder_without_a_patient(signed_in, programme):
    signed_in.post(f"/programmes/{programme.id}/template", data={"title": "Hip basics"})
    template = db.session.execute(db.select(Programme).filter_by(is_template=True)).scalar_one()
    page = signed_in.get(f"/programmes/{template.id}").get_data(as_text=True)
    assert "Clinic template" in page and "Export PDF" not in page and "Clamshell" in page


def test_an_item_moves_to_another_section_without_dragging(signed_in, programme):
    """The keyboard's route for what dragging between sections does."""
    marching = next(i for i in programme.items if i.exercise_id == "kit.marching")
    response = signed_in.post(f"/programmes/{programme.id}/items/{marching.id}/section",
                              data={"section": "strength", "version": programme.version})
    assert response.status_code == 200 and "Moved Marching to Strength." in response.get_data(as_text=True)
    assert _items(programme) == [("strength", "kit.bridge"), ("strength", "kit.clam"), ("strength", "kit.marching")]
    assert signed_in.post(f"/programmes/{programme.id}/items/{marching.id}/section",
                          data={"section": "nowhere", "version": programme.version}).status_code == 400


def test_the_version_header_is_the_one_this_edit_produced(signed_in, programme):
    """Issue 14 finding 2: another client's save landing right after this commit is not reported as ours.

    Were the header read after the commit, the page would carry the other
    client's version and its next edit would overwrite that save unseen.
    """
    from sqlalchemy import event, text
    from sqlalchemy.orm import Session

    sent = programme.version
    item = programme.items[0]

    fired: list[bool] = []

    def another_client_saves(_session: Session) -> None:
        if fired:
            return
        fired.append(True)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE programme SET version = version + 1 WHERE id = :id"), {"id": programme.id})

    event.listen(Session, "after_commit", another_client_saves)
    try:
        response = signed_in.post(f"/programmes/{programme.id}/items/{item.id}/note",
                                  data={"note": "mine", "version": sent})
    finally:
        event.remove(Session, "after_commit", another_client_saves)
    assert fired and response.status_code == 200
    assert response.headers["X-Programme-Version"] == str(sent + 1)
    stale_next = signed_in.post(f"/programmes/{programme.id}/items/{item.id}/note",
                                data={"note": "overwrites theirs", "version": response.headers["X-Programme-Version"]})
    assert stale_next.status_code == 409


def test_an_emptied_referral_line_is_offered_back_and_put_back_where_it_stood(signed_in, programme):
    lines = [{"tier": "urgent", "text": "Knee locks."}, {"tier": "doctor", "text": "Swelling for a week."}]
    programme.referrals = lines
    db.session.commit()
    saved = programme_settings.values_from(programme)
    form = {**{k: v for k, v in saved.items() if k != "referrals"}, "version": programme.version,
            "referral_tier": ["urgent", "doctor", "therapist"], "referral_text": ["", "Swelling for a week.", ""]}
    emptied = signed_in.post(f"/programmes/{programme.id}/settings", data=form)
    assert emptied.status_code == 200 and "Removed the line “Knee locks.”." in emptied.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.referrals == lines[1:]
    undo = {"data": json.dumps({**lines[0], "position": 0}), "version": programme.version}
    assert signed_in.post(f"/programmes/{programme.id}/referrals/restore", data=undo).status_code == 200
    db.session.refresh(programme)
    assert programme.referrals == lines
    crafted = {"data": json.dumps({"tier": "never", "text": "x", "position": 0}), "version": programme.version}
    assert signed_in.post(f"/programmes/{programme.id}/referrals/restore", data=crafted).status_code == 400
