"""The builder's card and the handout agree on every exercise at every level; a dosage edit is one call.

Run on the shipped content plugins: each exercise, at each rung of its ladder,
is put in a programme and drawn both ways. The card is the therapist's preview
of the page, so its dosage words, picture and name must be the handout's.
"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from clinic.db import db
from clinic.handout.resolve import resolve_programme
from clinic.models import Programme, ProgrammeItem
from clinic.services import builder_view, dosage_edit
from clinic.services.dosage_form import values_from
from clinic.state import catalogue


def _programme_of_every_rung(patient, therapist) -> Programme:
    cat = catalogue()
    items = [ProgrammeItem(exercise_id=eid, level=step, position=n)
             for n, (eid, step) in enumerate((eid, step) for eid, e in sorted(cat.exercises.items())
                                             for step in e.ladder())]
    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id, created_by_id=therapist.id,
                          pain_rule={"ceiling": 4, "wording": "Keep pain at 4 out of 10 or less."})
    programme.items = items
    db.session.add(programme)
    db.session.commit()
    return programme


def test_the_card_and_the_handout_show_the_same_dosage_picture_and_name(app, patient, therapist):
    programme = _programme_of_every_rung(patient, therapist)
    cat = catalogue()
    with app.test_request_context():
        snapshot = resolve_programme(programme, patient, programme.clinic, therapist, cat, pictures=False)
        printed = {(e.id, e.level.step): e for e in snapshot.exercises}
        assert len(printed) == len(programme.items) > 20
        for item in programme.items:
            card = builder_view.item_card(cat, item)
            page = printed[(item.exercise_id, item.level)]
            assert (card["name"], card["dosage_text"]) == (page.name, page.dosage_text), item.exercise_id
            assert card["picture_alt"] == page.picture.alt, (item.exercise_id, item.level)


def test_a_dosage_edit_applies_and_says_what_changed(app, patient, therapist):
    programme = _programme_of_every_rung(patient, therapist)
    item = next(i for i in programme.items if catalogue().exercise(i.exercise_id).dosage.reps is not None)
    with app.test_request_context():
        card = builder_view.item_card(catalogue(), item)
        fields = MultiDict({**values_from(builder_view.effective_dosage(catalogue(), item)), "reps": "7"})
        edit = dosage_edit.edit_dosage(catalogue(), item, fields)
    assert edit.applied and edit.before == card["dosage_text"]
    assert "7" in edit.after and edit.after != edit.before
    assert item.dosage["reps"] == {"low": 7}


@pytest.mark.parametrize("reps", ["-3", "lots"])
def test_a_refused_dosage_edit_changes_nothing(app, patient, therapist, reps):
    programme = _programme_of_every_rung(patient, therapist)
    item = next(i for i in programme.items if catalogue().exercise(i.exercise_id).dosage.reps is not None)
    saved = dict(item.dosage)
    with app.test_request_context():
        fields = MultiDict({**values_from(builder_view.effective_dosage(catalogue(), item)), "reps": reps})
        edit = dosage_edit.edit_dosage(catalogue(), item, fields)
    assert not edit.applied and edit.card is None
    assert edit.form.errors and item.dosage == saved
