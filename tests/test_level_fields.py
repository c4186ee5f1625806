"""A level may start from its own position, with its own feel and mistakes; a moved level without them is named."""

from __future__ import annotations

from clinic.contributor.check import check_plugin
from clinic.handout.resolve import resolve_content
from clinic.models.content import ItemContent, ProgrammeContent
from tests.plugin_factory import exercise_toml, write_plugin

ON_A_BED = """
mistakes = ["Pushing through your heels too hard."]
cautions = ["Stop if your back hurts."]

[[levels]]
step = -1
name = "Bridge on a chair"
criterion = "Move up when 15 feel easy."
starting_position = "Sit on the front of a firm chair, feet flat."
steps = ["Lean back a little.", "Push your hips forward."]
feel = "Light work in your buttocks."
mistakes = ["Sliding off the chair."]
cautions = ["Hold the seat with both hands."]
picture = { file = "pictures/a.svg", alt = "A person on a chair.", licence = "CC0-1.0", author = "tests" }
"""


def _plugin(tmp_path, extra: str):  # type: ignore[no-untyped-def]
    write_plugin(tmp_path, "levels", exercises={"bridge": exercise_toml(extra=extra)})
    return check_plugin(tmp_path / "levels", [tmp_path])


def test_a_variant_prints_its_own_start_feel_and_mistakes_and_keeps_every_caution(app, tmp_path):
    check = _plugin(tmp_path, ON_A_BED)
    assert not check.errors, check.errors
    content = ProgrammeContent(title="t", items=(ItemContent(exercise_id="levels.bridge", level=-1),
                                                 ItemContent(exercise_id="levels.bridge", level=0, section="stretch")))
    with app.test_request_context():
        easier, standard = resolve_content(content, check.catalogue, pictures=False).exercises
    assert easier.starting_position == "Sit on the front of a firm chair, feet flat."
    assert easier.feel == "Light work in your buttocks."
    assert easier.mistakes == ("Sliding off the chair.",)
    assert easier.cautions == ("Stop if your back hurts.", "Hold the seat with both hands.")
    assert standard.starting_position == "Lie on your back with knees bent."
    assert standard.mistakes == ("Pushing through your heels too hard.",)


def test_a_linked_level_cannot_bring_its_own_start(tmp_path):
    check = _plugin(tmp_path, """
[[levels]]
step = 1
exercise = "levels.other"
criterion = "Move up when 15 feel easy."
starting_position = "Stand up."
""")
    assert any("linked level takes its start" in f.message for f in check.errors)


def test_a_level_that_moves_the_patient_without_its_own_start_or_picture_is_named(tmp_path):
    moved = ON_A_BED.replace('starting_position = "Sit on the front of a firm chair, feet flat."\n', "")
    moved = moved.replace('picture = { file = "pictures/a.svg", alt = "A person on a chair.", '
                          'licence = "CC0-1.0", author = "tests" }\n', "")
    moved = moved.replace('steps = ["Lean back a little.", "Push your hips forward."]',
                          'steps = ["Sit on a chair.", "Push your hips forward."]')
    check = _plugin(tmp_path, moved)
    found = [f for f in check.warnings if "another position (sitting)" in f.message]
    assert len(found) == 1 and found[0].field == "levels[0].starting_position"
    assert "no starting_position and no picture" in found[0].message


def test_a_level_in_the_same_position_needs_no_picture_of_its_own(tmp_path):
    same = """
[[levels]]
step = 1
name = "Bridge with a band"
criterion = "Move up when 15 feel easy."
steps = ["Put a band round your knees.", "Lift your hips."]
"""
    check = _plugin(tmp_path, same)
    assert not [f for f in check.warnings if "another position" in f.message]
