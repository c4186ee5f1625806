"""The studio's pose editor: pick a ready pose and props, move each segment, see the figure drawn as you go.

The figure is drawn by the server, from the typed pose, with the figure kit
(the same drawing ``draw-figures`` writes), into the page's picture frame; no
script draws anything. Saving writes ``poses/<picture>.toml`` and
``pictures/<picture>.svg`` in the exercise's plugin folder, and points the
exercise (or its level) at that picture.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from pydantic import ValidationError

from clinic.exercise_data.loader import PluginDataError, read_toml
from clinic.figures import gallery
from clinic.figures.build import PICTURES_DIR, POSES_DIR, drawn_by_hand
from clinic.figures.render import render_scene
from clinic.figures.scene import Scene
from clinic.state import load_plugins
from clinic.studio import pose_file, pose_form, pose_warnings, toml_file
from clinic.web.studio import bp, exercise_file

START = "standing"


def _level(data: dict[str, Any], step: str | None) -> tuple[int | None, dict[str, Any] | None]:
    """The level a picture is for (by its step, as saved), or the exercise itself when no step is given."""
    if not step:
        return None, None
    for index, level in enumerate(data.get("levels") or ()):
        if str(level.get("step")) == step:
            return index, level
    abort(404)


def _where(plugin: str, stem: str) -> tuple[Path, dict[str, Any], int | None, str]:
    path = exercise_file(plugin, stem)
    data, _ = read_toml(path, path.name)
    index, level = _level(data, request.values.get("level"))
    name = pose_file.picture_name(stem, level)
    if not pose_file.NAME.match(name):
        abort(404)
    return path, data, index, name


def _starting_scene(folder: Path, name: str) -> tuple[dict[str, Any], str]:
    """The gallery pose asked for, else the picture's own pose file, else standing."""
    asked = request.args.get("start", "")
    if gallery.pose_path(asked):
        return gallery.pose_data(asked) or {}, asked
    own = folder / POSES_DIR / f"{name}.toml"
    if own.is_file():
        try:
            data, text = read_toml(own, own.name)
        except PluginDataError:
            pass
        else:  # the ready pose it began as, from the comment the studio wrote, so a second save says it again
            began = re.search(r"starting from the gallery pose '(\w+)'", text)
            return data, began[1] if began else ""
    return gallery.pose_data(START) or {}, START


def _kept_panels(folder: Path, name: str) -> list[Any]:
    """A second panel (the end position) of the picture's pose file: the editor leaves it as it is."""
    own = folder / POSES_DIR / f"{name}.toml"
    if request.form.get("keep_second") != "1" or not own.is_file():
        return []
    return list(read_toml(own, own.name)[0].get("panels", [])[1:2])


def _typed_scene(folder: Path, name: str) -> tuple[Scene, dict[str, Any], dict[str, tuple[float, float]]]:
    data = pose_form.scene_of(request.form, _kept_panels(folder, name))
    scene = Scene.model_validate(data)
    held = {arm: tuple(figure_arm["reach"]) for arm in pose_form.ARMS
            if "reach" in (figure_arm := data["panels"][0]["figure"][arm])}
    return scene, data, held


@bp.get("/<plugin>/exercises/<stem>/pose")
def pose(plugin: str, stem: str) -> Any:
    path, data, index, name = _where(plugin, stem)
    folder = path.parent.parent
    scene, origin = _starting_scene(folder, name)
    boxes = pose_form.boxes_of(scene)
    if not request.args.get("start") and len(scene.get("panels", [])) > 1:
        boxes["keep_second"] = "1"
    if request.args.get("start") or not (folder / POSES_DIR / f"{name}.toml").is_file():
        boxes["title"] = (data["levels"][index] if index is not None else data).get("name") or boxes["title"]
    return render_template("studio/pose.html", plugin=plugin, stem=stem, name=name, origin=origin, boxes=boxes,
                           level=request.args.get("level", ""), gallery=gallery.names(),
                           gallery_labels=gallery.LABELS, segments=pose_form.SEGMENTS, props=pose_form.PROPS,
                           holds=pose_form.HOLDS, hold_labels=pose_form.HOLD_LABELS, arrow_from=pose_form.ARROW_FROM,
                           joint_labels=pose_form.JOINT_LABELS)


@bp.post("/<plugin>/exercises/<stem>/pose/draw")
def draw_pose(plugin: str, stem: str) -> Any:
    """The figure as typed, for the page's picture frame, with what the kit can tell is wrong."""
    path, _, _, name = _where(plugin, stem)
    try:
        scene, _, held = _typed_scene(path.parent.parent, name)
    except (ValidationError, ValueError) as exc:
        return render_template("studio/_figure.html", svg="", warnings=[str(exc)])
    warnings = pose_warnings.pose_warnings(scene.panels[0], held)
    return render_template("studio/_figure.html", svg=render_scene(scene), warnings=warnings)


@bp.post("/<plugin>/exercises/<stem>/pose")
def save_pose(plugin: str, stem: str) -> Any:
    path, _, index, name = _where(plugin, stem)
    folder = path.parent.parent
    picture = folder / PICTURES_DIR / f"{name}.svg"
    if drawn_by_hand(picture):
        flash(gettext("%(file)s was drawn by hand: the studio keeps it. Delete it first to draw it from a pose.",
                      file=f"{PICTURES_DIR}/{name}.svg"), "error")
        return redirect(url_for("studio.pose", plugin=plugin, stem=stem, level=request.form.get("level") or None), 303)
    try:
        scene, data, _ = _typed_scene(folder, name)
    except (ValidationError, ValueError) as exc:
        flash(gettext("The pose was not saved: %(why)s", why=str(exc)[:300]), "error")
        return redirect(url_for("studio.pose", plugin=plugin, stem=stem, level=request.form.get("level") or None), 303)
    origin = request.form.get("origin", "")
    text = pose_file.pose_text(data, f"the gallery pose '{origin}'" if gallery.pose_path(origin) else "an earlier pose")
    (folder / POSES_DIR).mkdir(exist_ok=True)
    picture.parent.mkdir(exist_ok=True)
    _write_if_changed(folder / POSES_DIR / f"{name}.toml", text)
    _write_if_changed(picture, render_scene(scene))
    document = toml_file.read(path)
    pose_file.point_picture_at(document, index, f"{PICTURES_DIR}/{name}.svg", _alt(scene), current_user.name)
    toml_file.write(path, document)
    load_plugins(current_app)
    flash(gettext("Saved %(pose)s and drew %(picture)s.", pose=f"{POSES_DIR}/{name}.toml",
                  picture=f"{PICTURES_DIR}/{name}.svg"), "success")
    return redirect(url_for("studio.exercise", plugin=plugin, stem=stem), 303)


def _alt(scene: Scene) -> str:
    """A first description for a new picture, in the file's own language (English), never the page's.

    The contributor words it better in the level's picture boxes.
    """
    return f"A person: {scene.title}."


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
