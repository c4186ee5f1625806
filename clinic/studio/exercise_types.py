"""The kinds of exercise a new one can start as, each with the dosage fields that kind is measured in.

A held stretch counts seconds held, a strength exercise sets and repetitions,
walking or cycling minutes: starting from the right fields saves a contributor
from reading the whole dosage table first. Each starts with a drawn picture
from a ready pose, so a new exercise passes the check from its first save.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import tomlkit

from clinic.contributor.scaffold import TEMPLATE_ROOT
from clinic.figures import gallery
from clinic.figures.build import PICTURES_DIR, POSES_DIR
from clinic.figures.render import render_scene
from clinic.figures.scene import Scene
from clinic.i18n import N_
from clinic.studio.toml_tables import inline_table

TEMPLATE = TEMPLATE_ROOT.parent / "exercise.toml.tmpl"


@dataclass(frozen=True)
class ExerciseType:
    """One kind of exercise to start from: its dosage fields and words a patient could read as they are."""

    key: str
    label: str
    kind: str
    dosage: dict[str, Any]
    dosage_note: str
    pose: str
    starting_position: str
    steps: tuple[str, ...]
    feel: str
    easier: dict[str, Any]
    reference: tuple[str, str]
    equipment: tuple[str, ...] = field(default=())


TYPES: tuple[ExerciseType, ...] = (
    ExerciseType("held_stretch", N_("Held stretch"), "stretch",
                 {"reps": 3, "hold_seconds": [20, 30], "side": "each_side", "times_per_day": 2},
                 "hold each stretch for hold_seconds, reps times.", "standing_at_chair",
                 "Stand tall and hold the back of a chair.",
                 ("Move slowly into the stretch.", "Hold it still and breathe.", "Come out of it slowly."),
                 "A gentle stretch, not pain.",
                 {"name": "Shorter holds", "criterion": "Move back up when 3 holds of 15 seconds feel easy.",
                  "dosage": {"hold_seconds": [10, 15]}},
                 ("Bandy WD, Irion JM, Briggler M. The effect of time and frequency of static stretching on "
                  "flexibility of the hamstring muscles. Phys Ther. 1997;77(10):1090-1096.",
                  "Holding a stretch for about 30 seconds."), ("A sturdy chair",)),
    ExerciseType("reps_strength", N_("Strength, in sets and repetitions"), "strength",
                 {"sets": [2, 3], "reps": [8, 12], "rest_seconds": 60, "days_per_week": 3},
                 "sets of reps, with a rest between sets.", "sitting_chair",
                 "Sit tall on a firm chair with your feet flat on the floor.",
                 ("Move slowly up.", "Pause for a moment.", "Move slowly back down."),
                 "Your muscles working.",
                 {"name": "Fewer repetitions", "criterion": "Move back up when 2 sets of 8 feel easy.",
                  "dosage": {"sets": [1, 2], "reps": [5, 8]}},
                 ("American College of Sports Medicine. Progression models in resistance training for healthy "
                  "adults. Med Sci Sports Exerc. 2009;41(3):687-708.",
                  "Sets of 8 to 12 repetitions, 2 or 3 days a week.")),
    ExerciseType("timed_mobility", N_("Mobility, for a time"), "mobility",
                 {"duration_minutes": [1, 2], "times_per_day": 2},
                 "keep moving for duration_minutes.", "sitting_chair",
                 "Sit tall on a firm chair with your feet flat on the floor.",
                 ("Move gently as far as is easy.", "Go back the other way.", "Keep going at an easy pace."),
                 "Easy movement, no pain.",
                 {"name": "Smaller movements", "criterion": "Move back up when a minute of small movements "
                  "feels easy.", "dosage": {"duration_minutes": 1}},
                 ("Garber CE, Blissmer B, Deschenes MR, et al. Quantity and quality of exercise for developing and "
                  "maintaining cardiorespiratory, musculoskeletal, and neuromotor fitness in apparently healthy "
                  "adults. Med Sci Sports Exerc. 2011;43(7):1334-1359.",
                  "Moving the joints through their range on most days.")),
    ExerciseType("balance_hold", N_("Balance hold"), "balance",
                 {"reps": 3, "hold_seconds": [10, 30], "hold_target_seconds": 30, "side": "each_side"},
                 "hold the position for hold_seconds, working up to hold_target_seconds.", "one_leg",
                 "Stand behind a sturdy chair and hold its back.",
                 ("Lift one foot a little off the floor.", "Stay as still as you can.", "Put the foot down."),
                 "Your ankle and hip working to keep you steady.",
                 {"name": "Holding on with both hands", "criterion": "Move back up when you can stay steady for "
                  "30 seconds holding on with both hands.", "dosage": {"hold_seconds": [5, 10]}},
                 ("Sherrington C, Fairhall NJ, Wallbank GK, et al. Exercise for preventing falls in older people "
                  "living in the community. Cochrane Database Syst Rev. 2019;1:CD012424.",
                  "Balance exercise done often, made harder over time."), ("A sturdy chair",)),
    ExerciseType("walking_cycling", N_("Walking or cycling"), "endurance",
                 {"duration_minutes": [10, 20], "days_per_week": 5},
                 "minutes at a pace where you can still talk.", "standing",
                 "Wear comfortable shoes.",
                 ("Start at an easy pace.", "Go a little faster, so you breathe faster but can still talk.",
                  "Slow down for the last few minutes."),
                 "Warm and a little out of breath.",
                 {"name": "Shorter walks or rides", "criterion": "Move back up when 10 minutes feel easy on most "
                  "days.", "dosage": {"duration_minutes": [5, 10]}},
                 ("World Health Organization. WHO guidelines on physical activity and sedentary behaviour. Geneva: "
                  "WHO; 2020.", "Building up to 150 minutes a week of moderate activity, such as brisk walking.")),
)


def by_key(key: str) -> ExerciseType | None:
    return next((t for t in TYPES if t.key == key), None)


def _quoted(text: str) -> str:
    return tomlkit.string(text).as_string()[1:-1]


def _tables(name: str, table: dict[str, Any]) -> str:
    """One ``[[name]]`` table as TOML text, a small table in it written inline as the docs do."""
    row = tomlkit.table()
    for key, value in table.items():
        row[key] = inline_table(value) if isinstance(value, dict) else value
    document = tomlkit.document()
    document[name] = tomlkit.aot()
    document[name].append(row)
    return tomlkit.dumps(document).rstrip("\n")


def exercise_text(kind: ExerciseType, plugin: str, stem: str, author: str) -> str:
    """The new exercise file's text: the shared template filled in for this kind."""
    dosage = tomlkit.document()
    dosage.update(kind.dosage)
    citation, supports = kind.reference
    name = stem.replace("_", " ").capitalize()
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        label=kind.label.lower(), plugin_name=plugin, stem=stem, name=_quoted(name), kind=kind.kind,
        summary=_quoted(f"{name}: change this to what it does for you."), region="body",
        equipment=", ".join(f'"{_quoted(e)}"' for e in kind.equipment),
        starting_position=_quoted(kind.starting_position), feel=_quoted(kind.feel),
        steps="\n".join(f'  "{_quoted(step)}",' for step in kind.steps),
        caution=_quoted("Stop if it hurts more than a little."), dosage_note=kind.dosage_note,
        dosage=tomlkit.dumps(dosage).rstrip("\n"), alt=_quoted(f"A person: {name}."), author=_quoted(author),
        levels=_tables("levels", {"step": -1, **kind.easier}),
        references=_tables("references", {"citation": citation, "supports": supports}),
    )


def start_exercise(folder: Path, kind: ExerciseType, stem: str, author: str) -> Path:
    """Write the exercise, its pose (the kind's ready pose) and the picture drawn from it; return the exercise file.

    A pose or picture already there under that name is left as it is (it may be somebody's drawing).
    """
    path = folder / "exercises" / f"{stem}.toml"
    pose = gallery.pose_path(kind.pose)
    if pose is None:
        raise LookupError(f"the gallery has no pose '{kind.pose}'")
    pose_file, picture = folder / POSES_DIR / f"{stem}.toml", folder / PICTURES_DIR / f"{stem}.svg"
    if not pose_file.exists() and not picture.exists():
        pose_file.parent.mkdir(exist_ok=True)
        picture.parent.mkdir(exist_ok=True)
        pose_file.write_text(pose.read_text(encoding="utf-8"), encoding="utf-8")
        picture.write_text(render_scene(Scene.model_validate(gallery.pose_data(kind.pose))), encoding="utf-8")
    path.write_text(exercise_text(kind, folder.name, stem, author), encoding="utf-8")
    return path
