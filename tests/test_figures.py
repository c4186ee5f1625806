"""The figure kit: pose files in, plain deterministic SVG out, clear errors for bad poses."""

from __future__ import annotations

import textwrap
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinic.exercise_data.loader import PluginDataError
from clinic.figures import check_folder, draw_folder, render_file

SVG_NS = "{http://www.w3.org/2000/svg}"
PLUGINS = Path(__file__).resolve().parent.parent / "plugins"

GOOD_POSE = """
title = "Wall sit: back on the wall, thighs near level"

[[panels]]
props = [{ type = "wall", x = 40, side = "right" }, { type = "band" }]

[panels.figure]
anchor = "hip"
at = [52, 50]
near_leg = { thigh = 0, shin = -90 }
far_leg = { thigh = 5, shin = -85 }

[[panels]]
props = [{ type = "dumbbell", at = "near_hand" }, { type = "arrow", start = [60, 90], end = [60, 60], bend = 0.2 }]

[panels.figure]
anchor = "near_ankle"
at = [60, 6]
"""


def write_pose(folder: Path, name: str, text: str) -> Path:
    (folder / "poses").mkdir(parents=True, exist_ok=True)
    path = folder / "poses" / f"{name}.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_rendering_gives_valid_svg_with_a_title(tmp_path: Path) -> None:
    svg = render_file(write_pose(tmp_path, "wall_sit", GOOD_POSE))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.findtext(f"{SVG_NS}title") == "Wall sit: back on the wall, thighs near level"
    assert len(root.get("viewBox").split()) == 4
    assert root.get("width") is None  # sized by whoever places it, from the viewBox
    assert root.findall(f"{SVG_NS}circle"), "the head is a filled circle"
    assert root.find(f"{SVG_NS}text") is None, "no words inside a picture"


def test_the_same_pose_gives_the_same_bytes(tmp_path: Path) -> None:
    path = write_pose(tmp_path, "wall_sit", GOOD_POSE)
    assert render_file(path) == render_file(path)
    first = draw_folder(tmp_path)
    assert [s.state for s in first] == ["written"]
    assert [s.state for s in draw_folder(tmp_path)] == ["unchanged"]


def test_near_limbs_are_darker_and_thicker_than_far_ones(tmp_path: Path) -> None:
    svg = render_file(write_pose(tmp_path, "wall_sit", GOOD_POSE))
    lines = ET.fromstring(svg).findall(f"{SVG_NS}polyline")
    inks = {(line.get("stroke"), float(line.get("stroke-width"))) for line in lines}
    near_thigh = ("#1a1a1a", 12.5)
    far_thighs = [ink for ink in inks if ink[0] == "#8f8f8f" and ink[1] > 10]
    assert near_thigh in inks and far_thighs
    assert far_thighs[0][1] < near_thigh[1]


def test_a_bad_field_names_file_field_and_line(tmp_path: Path) -> None:
    path = write_pose(tmp_path, "bad", GOOD_POSE.replace("far_leg = { thigh = 5", "far_leg = { thig = 5"))
    with pytest.raises(PluginDataError) as caught:
        render_file(path, "demo/poses/bad.toml")
    assert len(caught.value.problems) == 1, "one mistake, one message"
    problem = caught.value.problems[0]
    assert problem.file == "demo/poses/bad.toml"
    assert problem.field == "panels[0].figure.far_leg.thig"
    assert "not a field" in problem.message


def test_an_unknown_prop_and_broken_toml_are_reported(tmp_path: Path) -> None:
    path = write_pose(tmp_path, "prop", GOOD_POSE.replace('type = "band"', 'type = "trampoline"'))
    with pytest.raises(PluginDataError) as caught:
        render_file(path)
    assert "panels[0].props[1]" in str(caught.value)
    assert "trampoline" in str(caught.value)
    broken = write_pose(tmp_path, "broken", 'title = "x"\n[[panels]\n')
    with pytest.raises(PluginDataError) as caught:
        render_file(broken)
    assert caught.value.problems[0].line == 2


def test_a_limb_left_hanging_through_the_floor_is_reported(tmp_path: Path) -> None:
    lying = 'title = "x"\n[[panels]]\n[panels.figure]\nat = [100, 11]\ntrunk = 180\n'
    lying += "near_leg = { thigh = 0, shin = 0 }\n"  # the far leg is left hanging straight down
    with pytest.raises(PluginDataError) as caught:
        render_file(write_pose(tmp_path, "lying", lying))
    problem = caught.value.problems[0]
    assert problem.field == "panels[0].figure"
    assert "far_knee" in problem.message and "near_knee" not in problem.message


def test_command_draws_then_check_passes_and_catches_a_stale_picture(runner, tmp_path: Path) -> None:
    write_pose(tmp_path, "wall_sit", GOOD_POSE)
    result = runner.invoke(args=["draw-figures", str(tmp_path), "--check"])
    assert result.exit_code == 1 and "missing" in result.output
    result = runner.invoke(args=["draw-figures", str(tmp_path)])
    assert result.exit_code == 0 and "1 written" in result.output
    assert runner.invoke(args=["draw-figures", str(tmp_path), "--check"]).exit_code == 0
    write_pose(tmp_path, "wall_sit", GOOD_POSE.replace("thigh = 0", "thigh = 10"))
    result = runner.invoke(args=["draw-figures", str(tmp_path), "--check"])
    assert result.exit_code == 1 and "stale" in result.output


def test_command_reports_bad_pose_files(runner, tmp_path: Path) -> None:
    write_pose(tmp_path, "bad", GOOD_POSE.replace("at = [52, 50]", "at = 52"))
    result = runner.invoke(args=["draw-figures", str(tmp_path)])
    assert result.exit_code == 2
    assert "poses/bad.toml" in result.output and "panels[0].figure.at" in result.output
    assert not (tmp_path / "pictures").exists()


def _shipped_plugins() -> list[Path]:
    return sorted(p for p in PLUGINS.iterdir() if (p / "poses").is_dir()) if PLUGINS.is_dir() else []


@pytest.mark.parametrize("plugin", _shipped_plugins(), ids=lambda p: p.name)
def test_shipped_pictures_match_their_poses(plugin: Path) -> None:
    assert check_folder(plugin) == [], "run: flask --app clinic draw-figures " + str(plugin)


@pytest.mark.parametrize("plugin", _shipped_plugins(), ids=lambda p: p.name)
def test_every_picture_an_exercise_names_is_drawn_from_a_pose(plugin: Path) -> None:
    named = set()
    for exercise in (plugin / "exercises").glob("*.toml"):
        data = tomllib.loads(exercise.read_text(encoding="utf-8"))
        pictures = [*data.get("pictures", ()), *(lv["picture"] for lv in data.get("levels", ()) if "picture" in lv)]
        named.update(Path(p["file"]).stem for p in pictures)
    posed = {pose.stem for pose in (plugin / "poses").glob("*.toml")}
    assert named - posed == set()


LYING_PANEL = """
[[panels]]
props = [{ type = "mat", x = 20, width = 190 }]
[panels.figure]
at = [112, 11]
trunk = 180
near_leg = { thigh = LIFT, shin = LIFT }
far_leg = { thigh = 0, shin = 0 }
near_arm = { upper = 0, fore = 0 }
far_arm = { upper = 0, fore = 0 }
"""


def _view_box(svg: str) -> tuple[float, float]:
    width, height = ET.fromstring(svg).get("viewBox").split()[2:]
    return float(width), float(height)


def test_two_lying_panels_stack_so_each_stays_large(tmp_path: Path) -> None:
    one = 'title = "Lift"\n' + LYING_PANEL.replace("LIFT", "30")
    two = one + LYING_PANEL.replace("LIFT", "0")
    single_width, single_height = _view_box(render_file(write_pose(tmp_path, "one", one)))
    width, height = _view_box(render_file(write_pose(tmp_path, "two", two)))
    assert width == pytest.approx(single_width, abs=1)
    assert height > 1.8 * single_height / 1.5
    side_by_side = two.replace('title = "Lift"', 'title = "Lift"\nlayout = "row"')
    assert _view_box(render_file(write_pose(tmp_path, "row", side_by_side)))[0] > 1.9 * single_width


def test_a_reaching_hand_lands_on_its_target() -> None:
    from clinic.figures.pose import Figure
    from clinic.figures.skeleton import pose_body

    body = pose_body(Figure.model_validate({"at": [100, 90], "near_arm": {"reach": [150, 120]},
                                            "far_arm": {"reach": "far_ankle"}}))
    assert body["near_hand"] == pytest.approx((150, 120), abs=0.01)
    assert body["far_hand"] != pytest.approx(body["far_ankle"], abs=1)  # out of reach: arm points at it
    bent = pose_body(Figure.model_validate({"at": [100, 90], "near_leg": {"reach": [120, 20], "knee": "right"}}))
    assert bent["near_ankle"] == pytest.approx((120, 20), abs=0.01)
    assert bent["near_knee"][0] > 120  # the knee bends the way asked


def test_the_contributor_guide_example_draws_and_lists_every_prop(tmp_path: Path) -> None:
    from typing import get_args

    from clinic.figures.prop_records import Prop

    guide = (Path(__file__).resolve().parent.parent / "docs" / "figures.md").read_text(encoding="utf-8")
    example = guide.split("```toml\n", 1)[1].split("```", 1)[0]
    assert ET.fromstring(render_file(write_pose(tmp_path, "example", example))).findtext(f"{SVG_NS}title")
    prop_types = {get_args(model.model_fields["type"].annotation)[0] for model in get_args(get_args(Prop)[0])}
    assert len(prop_types) >= 12
    missing = [name for name in sorted(prop_types) if f"| `{name}` |" not in guide]
    assert missing == []


def test_a_picture_drawn_by_hand_is_never_overwritten_without_asking(runner, tmp_path: Path) -> None:
    hand_drawn = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Mine</title></svg>'
    (tmp_path / "pictures").mkdir()
    picture = tmp_path / "pictures" / "wall_sit.svg"
    picture.write_text(hand_drawn, encoding="utf-8")
    write_pose(tmp_path, "wall_sit", GOOD_POSE)

    result = runner.invoke(args=["draw-figures", str(tmp_path)])
    assert result.exit_code == 0
    assert "kept" in result.output and "--overwrite" in result.output
    assert picture.read_text(encoding="utf-8") == hand_drawn

    result = runner.invoke(args=["draw-figures", str(tmp_path), "--overwrite"])
    assert "1 written" in result.output
    assert picture.read_text(encoding="utf-8") != hand_drawn
    # once drawn from the pose, later runs redraw it without being told
    write_pose(tmp_path, "wall_sit", GOOD_POSE.replace("thigh = 0", "thigh = 10"))
    assert [s.state for s in draw_folder(tmp_path)] == ["written"]


def test_drawing_a_missing_picture_answers_the_disabled_line_printed_at_start(app_config, tmp_path: Path) -> None:
    """The app loads plugins before the command draws: its "disabled" line is followed by what is true now."""
    from clinic import create_app
    from clinic.contributor.scaffold import create_plugin
    from clinic.state import catalogue

    folder = create_plugin("heels", tmp_path / "plugins")
    (folder / "pictures" / "heel_raise--seated.svg").unlink()
    app = create_app({**app_config, "PLUGIN_DIRS": [str(tmp_path / "plugins")]}, instance_path=str(tmp_path / "i"))
    assert "not found in the plugin folder" in (catalogue(app).plugin("heels").error or "")
    result = app.test_cli_runner().invoke(args=["draw-figures", str(folder)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "checked again, the plugin loads now" in result.output
