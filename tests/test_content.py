"""The shipped content plugins: runner's knee and warm-ups load, compose and resolve.

These tests read the real plugin folders, so a contributor's edit that breaks a
picture path, drops a level or changes a dosage shows up here by name.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from clinic import create_app
from clinic.db import db
from clinic.handout.resolve import resolve_programme
from clinic.models import Clinic
from clinic.services.builder_view import MAX_MAIN_EXERCISES
from clinic.services.programmes import create_programme
from clinic.state import catalogue

KNEE_EXERCISES = {
    "hip_flexor_stretch",
    "quad_stretch",
    "hamstring_stretch",
    "itb_side_lean_stretch",
    "calf_stretch",
    "figure_four_stretch",
    "clamshell",
    "straight_leg_raise",
    "side_lying_leg_lift",
    "wall_sit",
    "step_up",
}
WARM_UPS = {"brisk_walk", "stationary_bike", "marching_in_place", "leg_swings"}
TARGET_TAGS = {"hip_targeted", "knee_targeted", "flexibility"}
ROUTINE = "runners_knee.routine"


def _ours(app: Flask) -> dict:
    cat = catalogue(app)
    return {k: v for k, v in cat.exercises.items() if cat.owners[k] in ("runners_knee", "warmups")}


def _resolve(app: Flask, patient, therapist, **options) -> dict:
    cat = catalogue(app)
    programme = create_programme(patient, therapist, cat.protocols[ROUTINE], **options)
    db.session.flush()
    clinic = db.session.get(Clinic, patient.clinic_id)
    return resolve_programme(programme, patient, clinic, therapist, cat)


def test_both_plugins_load_without_error(app):
    cat = catalogue(app)
    for name in ("runners_knee", "warmups"):
        record = cat.plugin(name)
        assert record is not None, f"plugin {name} not found"
        assert record.enabled, record.error
    assert cat.plugin("runners_knee").protocols == 1


def test_library_has_every_knee_exercise_and_the_warm_ups(app):
    ids = set(catalogue(app).exercises)
    assert {f"runners_knee.{stem}" for stem in KNEE_EXERCISES} <= ids
    assert {f"warmups.{stem}" for stem in WARM_UPS} <= ids
    assert all(catalogue(app).exercise(f"warmups.{s}").kind == "warm_up" for s in WARM_UPS)


def test_every_exercise_has_a_level_a_picture_and_a_reference(app):
    cat = catalogue(app)
    for exercise_id, exercise in _ours(app).items():
        assert exercise.levels, f"{exercise_id} has no level"
        for level in exercise.levels:
            # The handout prints a criterion as the test to move UP from the rung below it,
            # for easier levels too; who an easier level suits goes in its summary.
            assert level.criterion.startswith("Move up when "), (exercise_id, level.step)
            if level.step < 0:
                assert level.summary, (exercise_id, level.step)
        assert exercise.references, f"{exercise_id} cites nothing"
        assert all(ref.supports for ref in exercise.references), exercise_id
        files = [p.file for p in exercise.pictures] + [lv.picture.file for lv in exercise.levels if lv.picture]
        for file in files:
            assert cat.picture_path(exercise_id, file) is not None, f"{exercise_id}: {file} missing"


def test_level_pictures_are_named_after_the_exercise(app):
    """The figure engineer draws by these names: ``pictures/<stem>--<level>.svg``."""
    for exercise_id, exercise in _ours(app).items():
        stem = exercise_id.split(".", 1)[1]
        assert exercise.pictures[0].file == f"pictures/{stem}.svg"
        for level in exercise.levels:
            if level.picture:
                assert Path(level.picture.file).name.startswith(f"{stem}--"), level.picture.file


def test_knee_exercises_are_tagged_hip_knee_or_flexibility(app):
    cat = catalogue(app)
    for stem in KNEE_EXERCISES:
        exercise = cat.exercise(f"runners_knee.{stem}")
        assert set(exercise.targets) & TARGET_TAGS, stem
        if exercise.kind == "stretch":
            assert "flexibility" in exercise.targets, stem
    assert "hip_targeted" in cat.exercise("runners_knee.clamshell").targets
    assert "knee_targeted" in cat.exercise("runners_knee.wall_sit").targets


def test_article_progressions_and_regressions_are_levels(app):
    cat = catalogue(app)
    band = cat.exercise("runners_knee.clamshell").level(1)
    assert band.dosage.load.kind == "band"
    assert band.picture.file == "pictures/clamshell--band.svg"
    dumbbells = cat.exercise("runners_knee.wall_sit").level(1)
    assert dumbbells.dosage.load.kind == "kg"
    assert cat.exercise("runners_knee.wall_sit").level(-1).picture.file == "pictures/wall_sit--high.svg"
    step_up = cat.exercise("runners_knee.step_up")
    assert step_up.level(-2).dosage.load.amount < step_up.dosage.load.amount
    assert "rail" in step_up.level(-1).name
    assert "strap" in cat.exercise("runners_knee.hamstring_stretch").level(-1).name
    assert "wall" in cat.exercise("runners_knee.quad_stretch").level(-1).name


def test_routine_has_the_article_structure(app):
    routine = catalogue(app).protocols[ROUTINE]
    assert [s.key for s in routine.sections] == ["warm_up", "strength", "stretch"]
    strength, stretch = routine.sections[1], routine.sections[2]
    assert (strength.pick.low, strength.pick.high) == (3, 5)
    assert (stretch.pick.low, stretch.pick.high) == (3, 5)
    optional = {i.exercise for s in routine.sections for i in s.items if i.optional}
    assert "runners_knee.figure_four_stretch" in optional
    assert {i.exercise for i in routine.sections[0].items} == {"warmups.brisk_walk", "warmups.stationary_bike"}
    assert len(routine.mistakes) == 5
    assert len(routine.flare_up) == 4
    assert any(rule.rule_of_thumb and "10 km" in rule.text for rule in routine.progression_rules)
    tiers = [r.tier for r in routine.referrals]
    assert tiers.count("urgent") == 3
    assert len([t for t in tiers if t != "urgent"]) == 5
    assert routine.pain_rule.ceiling == 3


def test_routine_resolves_with_dosage_in_plain_words(app, patient, therapist):
    default = _resolve(app, patient, therapist)
    # The default pick is the routine's non-optional items, in its order: at most 5 main exercises,
    # hip and knee strength first, then stretches.
    routine = catalogue(app).protocols[ROUTINE]
    expected = [i.exercise for s in routine.sections if s.key != "warm_up" for i in s.items if not i.optional]
    main = [e["id"] for e in default["exercises"] if e["section"] != "warm_up"]
    assert main == expected and len(main) <= MAX_MAIN_EXERCISES
    assert {"runners_knee.clamshell", "runners_knee.straight_leg_raise"} <= set(main)
    assert any(e["section"] == "stretch" for e in default["exercises"])
    assert "warmups.stationary_bike" not in {e["id"] for e in default["exercises"]}
    handout = _resolve(app, patient, therapist, include_optional=True)
    by_id = {e["id"]: e for e in handout["exercises"]}
    assert by_id["runners_knee.clamshell"]["dosage_text"].startswith("2-3 sets of 10-20, each side")
    assert by_id["runners_knee.straight_leg_raise"]["dosage_text"].startswith("2-3 sets of 10-12, each side")
    assert by_id["runners_knee.side_lying_leg_lift"]["dosage_text"].startswith("2-3 sets of 10-12, each side")
    assert by_id["runners_knee.wall_sit"]["dosage_text"].startswith(
        "hold 20-30 seconds, working up to 60 seconds, 3 times"
    )
    assert "on a 15 cm step" in by_id["runners_knee.step_up"]["dosage_text"]
    assert by_id["runners_knee.calf_stretch"]["dosage_text"].startswith("hold 30 seconds, 2-3 times, each side")
    assert by_id["warmups.brisk_walk"]["dosage_text"].startswith("5-10 minutes")
    assert [s["key"] for s in handout["sections"]] == ["warm_up", "strength", "stretch"]
    assert all(e["picture"]["data_uri"].startswith("data:image/svg+xml") for e in handout["exercises"])


def test_routine_starts_the_quad_stretch_at_the_wall_level(app, patient, therapist):
    quad = next(e for e in _resolve(app, patient, therapist)["exercises"]
                if e["id"] == "runners_knee.quad_stretch")
    assert quad["name"] == "Thigh stretch holding a wall"
    assert "wall" in quad["picture"]["alt"]
    assert quad["harder"]["name"] == "Standing thigh stretch"
    assert quad["easier"]["name"] == "Thigh stretch lying on your side"


def test_optional_items_join_when_asked(app, patient, therapist):
    ids = {e["id"] for e in _resolve(app, patient, therapist, include_optional=True)["exercises"]}
    assert {"runners_knee.figure_four_stretch", "warmups.stationary_bike"} <= ids


def test_runners_knee_needs_the_warmups_plugin(app_config, tmp_path):
    """The routine borrows warm-ups by id; without that plugin it is disabled by name, not broken."""
    app = create_app({**app_config, "DISABLED_PLUGINS": ["warmups"]}, instance_path=str(tmp_path / "i"))
    record = catalogue(app).plugin("runners_knee")
    assert not record.enabled
    assert "warmups.brisk_walk" in record.error

