"""The "too hard" and "when easy" lines pick the right rung and the right rule."""

from __future__ import annotations

from clinic.exercise_data import Exercise
from clinic.handout.localize import Localizer
from clinic.handout.resolve import _neighbour

LADDER = Exercise.model_validate(
    {
        "id": "t.squat",
        "name": "Squat",
        "summary": "Stand up and sit down.",
        "kind": "strength",
        "body_regions": ["knee"],
        "starting_position": "Stand.",
        "steps": ["Bend.", "Stand."],
        "feel": "Thighs working.",
        "dosage": {"sets": 2, "reps": 10},
        "pictures": [{"file": "p.svg", "alt": "a", "licence": "CC0-1.0", "author": "t"}],
        "levels": [
            {"step": -2, "name": "Sit to stand", "summary": "From a high chair.", "criterion": "Up from -2"},
            {"step": -1, "name": "Half squat", "summary": "Only halfway.", "criterion": "Up from -1"},
            {"step": 1, "name": "Deep squat", "criterion": "Up to +1"},
            {"step": 2, "name": "Weighted squat", "criterion": "Up to +2"},
        ],
    }
)


def test_moving_up_from_a_regression_uses_that_regressions_rule():
    loc = Localizer("en")
    assert _neighbour(LADDER, -2, +1, loc)["criterion"] == "Up from -2"
    assert _neighbour(LADDER, -1, +1, loc).model_dump() == {
        "step": 0, "name": "Squat", "summary": "Stand up and sit down.", "criterion": "Up from -1"
    }


def test_moving_up_to_a_progression_uses_the_progressions_rule():
    loc = Localizer("en")
    assert _neighbour(LADDER, 0, +1, loc)["criterion"] == "Up to +1"
    assert _neighbour(LADDER, 1, +1, loc)["name"] == "Weighted squat"
    assert _neighbour(LADDER, 1, +1, loc)["criterion"] == "Up to +2"
    assert _neighbour(LADDER, 2, +1, loc) is None


def test_moving_down_shows_the_easier_rungs_summary_and_no_rule():
    loc = Localizer("en")
    easier = _neighbour(LADDER, 0, -1, loc)
    assert easier["name"] == "Half squat" and easier["summary"] == "Only halfway."
    assert easier["criterion"] == ""
    assert _neighbour(LADDER, -2, -1, loc) is None


def test_a_linked_rung_is_named_by_the_other_exercise_never_by_its_id():
    from clinic.catalogue import Catalogue

    linked = LADDER.model_copy(update={"id": "t.chair_rise", "name": "Chair rise", "summary": "Stand up from a chair.",
                                       "levels": ()})
    with_link = LADDER.model_copy(update={"levels": (
        *LADDER.levels[1:], LADDER.levels[0].model_copy(update={"step": -3}),
        type(LADDER.levels[0]).model_validate({"step": -2, "exercise": "t.chair_rise", "criterion": "Up from -2"}),
    )})
    catalogue = Catalogue(exercises={"t.squat": with_link, "t.chair_rise": linked}, protocols={}, plugins=())
    easier = _neighbour(with_link, -1, -1, Localizer("en"), catalogue)
    assert easier is not None and (easier.name, easier.summary) == ("Chair rise", "Stand up from a chair.")
