"""The builder's dosage boxes: one message per box, only real changes kept."""

from __future__ import annotations

import pytest

from clinic.exercise_data import Dosage
from clinic.services.dosage_form import read_dosage_form, values_from

DEFAULT = Dosage.model_validate({"sets": [2, 3], "reps": [10, 12], "side": "each_side", "rest_seconds": 30})


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"sets": "-1"}, "sets", "Sets must be 1 or more."),
    ({"sets": "0"}, "sets", "Sets must be 1 or more."),
    ({"sets": "40"}, "sets", "Sets above 10 is not a home dose."),
    ({"reps": "abc"}, "reps", "'abc' is not a number or a range like 2-3."),
    ({"reps": "12-8"}, "reps", "The range 12-8 runs backwards."),
    ({"hold_seconds": "5000"}, "hold_seconds", "Hold seconds above 600 is not a home dose."),
    ({"times_per_day": "9"}, "times_per_day", "Times a day must be 6 or less."),
    ({"days_per_week": "2.5"}, "days_per_week", "Days a week must be a whole number."),
    ({"rest_seconds": "-5"}, "rest_seconds", "Rest must be 0 or more."),
    ({"load_kind": "kg"}, "load_amount", "A load of kind 'kg' needs an amount."),
    ({"load_kind": "object"}, "load_amount",
     "Say what the object is (a soup can), and choose the load 'An object held'."),
])
def test_a_bad_value_gets_a_message_for_its_own_box(typed, field, message):
    form = read_dosage_form(typed, DEFAULT)
    assert form.errors == {field: message}
    assert form.override == {}


def test_only_changed_fields_are_kept():
    typed = {**values_from(DEFAULT), "reps": "05", "times_per_day": "2"}
    form = read_dosage_form(typed, DEFAULT)
    assert form.valid
    assert form.override == {"reps": {"low": 5}, "times_per_day": 2}


def test_an_empty_box_means_the_default():
    assert read_dosage_form({"sets": "", "reps": " "}, DEFAULT).override == {}


def test_a_rule_across_boxes_is_reported_for_the_whole_form():
    held = Dosage.model_validate({"hold_seconds": 30, "hold_target_seconds": 45})
    form = read_dosage_form({"hold_seconds": "60"}, held)
    assert form.errors == {"__all__": "The hold to work up to is shorter than the starting hold."}


def test_an_exercise_holding_an_object_keeps_it_when_another_box_changes():
    can = Dosage.model_validate({"reps": 10, "load": {"kind": "object", "object": "a soup can"}})
    typed = {**values_from(can), "times_per_day": "2"}
    form = read_dosage_form(typed, can)
    assert form.valid and form.override == {"times_per_day": 2}
    changed = read_dosage_form({**typed, "load_object": "a bag of rice"}, can)
    assert changed.override["load"] == {"kind": "object", "object": "a bag of rice"}
