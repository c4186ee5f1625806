"""check-plugin warns when a protocol's default pick is more than a home routine holds, or than it says."""

from __future__ import annotations

from clinic.contributor.check import check_plugin
from tests.plugin_factory import exercise_toml, write_plugin


def _routine(count: int, minutes: str, optional: int = 0) -> str:
    items = "".join(f'[[sections.items]]\nexercise = "hips.e{i}"\n' + ("optional = true\n" if i < optional else "")
                    for i in range(count))
    return f'''name = "Hip routine"
condition = "Hip pain"
summary = "A short routine."
goal = "Stronger hips."
minutes = {minutes}
[pain_rule]
ceiling = 3
wording = "Keep pain at 3 out of 10 or less."
[[referrals]]
tier = "doctor"
text = "Pain at night."
[[sections]]
key = "strength"
title = "Strength"
instructions = "Do these."
{items}'''


def _check(tmp_path, routine: str):  # type: ignore[no-untyped-def]
    exercises = {f"e{i}": exercise_toml(name=f"Move {i}") for i in range(7)}
    write_plugin(tmp_path, "hips", exercises=exercises, protocols={"routine": routine})
    return [f for f in check_plugin(tmp_path / "hips", [tmp_path]).warnings if "default pick" in f.message]


def test_more_than_five_main_exercises_in_the_default_pick_is_named(tmp_path):
    (found, *_) = _check(tmp_path, _routine(6, "[60, 90]"))
    assert "6 main exercises" in found.message and found.field == "sections"


def test_optional_exercises_do_not_count(tmp_path):
    assert _check(tmp_path, _routine(7, "[60, 90]", optional=2)) == []


def test_doses_that_take_longer_than_the_stated_minutes_are_named_at_the_line(tmp_path):
    (found,) = _check(tmp_path, _routine(3, "[1, 2]"))
    assert found.field == "minutes" and found.line == 5
    assert "more than the 1-2 minutes it says" in found.message
