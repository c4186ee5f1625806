"""The contributor studio: admins edit the exercises of the plugins in ``PLUGIN_DIRS[0]``, on disk.

Off unless ``STUDIO`` is set (it writes files the app loads as code's data).
The files stay the source of truth: a save writes the exercise's TOML in
place (comments kept), runs the same check as ``flask check-plugin``, and
reloads this worker's plugins so the library shows the change. Other workers
see it after their next start.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from pydantic import ValidationError

from clinic.contributor.check import check_plugin
from clinic.contributor.scaffold import ScaffoldError, create_plugin
from clinic.exercise_data.base import SLUG_PATTERN
from clinic.exercise_data.loader import read_toml
from clinic.handout.options import HandoutOptions, OptionError
from clinic.i18n import select_locale
from clinic.state import catalogue, load_plugins
from clinic.studio import (
    card_preview,
    exercise_rows,
    exercise_types,
    form,
    level_form,
    reading_notes,
    toml_file,
    toml_levels,
)
from clinic.studio.row_groups import blank_row, row_numbers
from clinic.studio.toml_tables import apply_rows, plain_rows

bp = Blueprint("studio", __name__, url_prefix="/studio")

SLUG = re.compile(SLUG_PATTERN)
DOSAGE_BOX = "dosage-"  # the exercise's own dosage boxes: dosage-sets, dosage-reps...


@bp.before_request
@login_required
def _admins_and_contributors_of_an_enabled_studio() -> None:
    if not current_app.config.get("STUDIO"):
        abort(404)
    if not current_user.may_use_studio:
        abort(403)


def _root() -> Path:
    return Path(current_app.config["PLUGIN_DIRS"][0]).resolve()


def plugin_folder(plugin: str) -> Path:
    folder = _root() / plugin
    if not SLUG.match(plugin) or not (folder / "plugin.toml").is_file():
        abort(404)
    return folder


def exercise_file(plugin: str, stem: str) -> Path:
    path = plugin_folder(plugin) / "exercises" / f"{stem}.toml"
    if not SLUG.match(stem) or not path.is_file():
        abort(404)
    return path


def _level_box(loc: tuple, ladder: level_form.TypedLadder | None) -> str:
    """``("levels", 1, "dosage", "reps")`` is the box ``levels-<n>-dosage_reps`` of the rung shown as n."""
    number = ladder.box_of(int(loc[1])) if ladder else int(loc[1])
    if len(loc) < 3:
        return f"levels-{number}"
    field = str(loc[2])
    if field in ("dosage", "picture") and len(loc) > 3:
        field = f"{field}_{'_'.join(str(part) for part in loc[3:5]) if loc[3] == 'tempo' else loc[3]}"
    return f"levels-{number}-{field}"


def _field_errors(exc: ValidationError, ladder: level_form.TypedLadder | None = None,
                  values: dict[str, str] | None = None) -> dict[str, str]:
    """One message per form box; what the form does not show is named under "other"."""
    errors: dict[str, str] = {}
    shown = {spec.name for spec in form.FIELDS}
    for err in exc.errors():
        loc = tuple(err["loc"])
        named = (err.get("ctx") or {}).get("name")  # a dosage rule that names its field ("sets above 10")
        if named and loc and loc[-1] == "dosage":
            loc = (*loc, named)
        name = str(loc[0]) if loc else "other"
        row = exercise_rows.where(loc, values or {})
        if row is not None:
            key = row
        elif name == "levels" and len(loc) > 1 and isinstance(loc[1], int):
            key = _level_box(loc, ladder)
        elif name == "dosage":
            field = f"tempo_{loc[2]}" if loc[1:2] == ("tempo",) and len(loc) > 2 else loc[1] if len(loc) > 1 else ""
            key = f"{DOSAGE_BOX}{field}" if field else DOSAGE_BOX.rstrip("-")
        else:
            key = name if name in shown else "other"
        where = ".".join(str(part) for part in loc)
        message = str(err["msg"]).removeprefix("Value error, ")
        errors.setdefault(key, f"{where}: {message}" if key == "other" else message)
    return errors


def preview_options() -> HandoutOptions:
    """The preview's handout options: the page's language unless another is asked for."""
    return HandoutOptions(language=(request.values.get("language") or "").strip() or select_locale(),
                          large_print=request.values.get("large_print") == "1")


@bp.get("/")
def index() -> Any:
    root = _root()
    plugins = sorted(p.name for p in root.iterdir() if (p / "plugin.toml").is_file()) if root.is_dir() else []
    return render_template("studio/index.html", plugins=plugins, root=root)


@bp.post("/plugins")
def new_plugin() -> Any:
    name = request.form.get("name", "").strip()
    try:
        create_plugin(name, _root())
    except ScaffoldError as exc:
        flash(str(exc), "error")
        return redirect(url_for("studio.index"), 303)
    load_plugins(current_app)
    return redirect(url_for("studio.plugin", plugin=name), 303)


@bp.get("/<plugin>")
def plugin(plugin: str) -> Any:
    folder = plugin_folder(plugin)
    stems = sorted(p.stem for p in (folder / "exercises").glob("*.toml") if "." not in p.stem)
    check = check_plugin(folder, current_app.config["PLUGIN_DIRS"])
    protocols = sorted(p.stem for p in (folder / "protocols").glob("*.toml") if "." not in p.stem)
    return render_template("studio/plugin.html", plugin=plugin, stems=stems, check=check, protocols=protocols,
                           types=exercise_types.TYPES)


@bp.post("/<plugin>/exercises")
def new_exercise(plugin: str) -> Any:
    """A new exercise of a chosen kind: the dosage fields that kind uses, and a picture from a ready pose."""
    folder = plugin_folder(plugin)
    stem = request.form.get("stem", "").strip()
    kind = exercise_types.by_key(request.form.get("type", ""))
    if not SLUG.match(stem) or (folder / "exercises" / f"{stem}.toml").exists() or kind is None:
        flash(gettext("'%(name)s' cannot be a new exercise's file name here: use small letters, numbers and _, "
                      "and a name no exercise has yet.", name=stem[:60]), "error")
        return redirect(url_for("studio.plugin", plugin=plugin), 303)
    exercise_types.start_exercise(folder, kind, stem, current_user.name)
    load_plugins(current_app)
    return redirect(url_for("studio.exercise", plugin=plugin, stem=stem), 303)


@bp.post("/<plugin>/exercises/<stem>/copy")
def copy_exercise(plugin: str, stem: str) -> Any:
    """A new exercise starts as a copy of one that works, as the scaffold's comment advises."""
    source = exercise_file(plugin, stem)
    new = request.form.get("new_stem", "").strip()
    target = source.with_name(f"{new}.toml") if SLUG.match(new) else None
    if target is None or target.exists():
        flash(gettext("'%(name)s' cannot be a new exercise's file name here: use small letters, numbers and _, "
                      "and a name no exercise has yet.", name=new[:60]), "error")
        return redirect(url_for("studio.plugin", plugin=plugin), 303)
    shutil.copyfile(source, target)
    return redirect(url_for("studio.exercise", plugin=plugin, stem=new), 303)


def _page(plugin: str, stem: str, values: dict[str, str], errors: dict[str, str],
          levels: list[level_form.LevelBoxes], status: int = 200) -> Any:
    folder = plugin_folder(plugin)
    check = check_plugin(folder, current_app.config["PLUGIN_DIRS"])
    mine = f"{plugin}/exercises/{stem}.toml"
    findings = [f for f in check.findings if f.file == mine or f.file.startswith(f"{plugin}/exercises/{stem}.")]
    saved, _ = read_toml(folder / "exercises" / f"{stem}.toml", f"{stem}.toml")
    saved_steps = {str(level.get("step")) for level in saved.get("levels") or ()}
    return render_template("studio/exercise.html", saved_steps=saved_steps, plugin=plugin, stem=stem, file=mine,
                           fields=form.FIELDS, each_boxes=form.each_boxes,
                           kinds=form.KINDS, level_fields=level_form.LEVEL_FIELDS,
                           dosage_fields=level_form.DOSAGE_FIELDS, dosage_box=DOSAGE_BOX,
                           picture_fields=level_form.PICTURE_FIELDS,
                           steps=level_form.STEPS, sides=level_form.SIDES, levels=levels,
                           row_groups=exercise_rows.ROWS, rows=row_numbers,
                           values=values, errors=errors, findings=findings,
                           notes=form.finding_boxes([f for f in findings if f.file == mine])), status


def _typed(data: dict[str, Any]) -> tuple[dict[str, Any], level_form.TypedLadder | None]:
    """The file's data with the form over it: top-level boxes and the ladder's rungs."""
    typed = form.merged(data, form.read_form(request.form))
    if any(key.startswith(DOSAGE_BOX) for key in request.form):
        typed["dosage"] = level_form.typed_dosage(request.form, DOSAGE_BOX, data.get("dosage") or {})
    ladder = level_form.read_ladder(request.form, list(data.get("levels") or ()))
    if ladder is not None:
        typed = {key: value for key, value in typed.items() if key != "levels"}
        if ladder.levels:
            typed["levels"] = ladder.levels
    for name, rows in exercise_rows.read(request.form, data).items():
        typed.pop(name, None)
        if kept := plain_rows(rows, exercise_rows.ORDERS):
            typed[name] = kept
    return typed, ladder


@bp.get("/<plugin>/exercises/<stem>")
def exercise(plugin: str, stem: str) -> Any:
    path = exercise_file(plugin, stem)
    data, _ = read_toml(path, path.name)
    values = form.form_values(data) | level_form.dosage_boxes(data.get("dosage") or {}, DOSAGE_BOX)
    values |= exercise_rows.row_values(data)
    return _page(plugin, stem, values, {}, level_form.boxes_of(list(data.get("levels") or ())))


@bp.post("/<plugin>/exercises/<stem>")
def save_exercise(plugin: str, stem: str) -> Any:
    path = exercise_file(plugin, stem)
    data, _ = read_toml(path, path.name)
    typed, ladder = _typed(data)
    shown = ladder.boxes if ladder else level_form.boxes_of(list(data.get("levels") or ()))
    adding = request.form.get("add_level")
    if adding in ("easier", "harder"):
        # A new rung's boxes, added to what is typed; nothing is written until Save.
        number = max((b.index for b in shown), default=-1) + 1
        number = max(number, len(data.get("levels") or ()))
        step = level_form.next_free_step(shown, harder=adding == "harder")
        return _page(plugin, stem, dict(request.form), {}, [*shown, level_form.blank(number, step)])
    if request.form.get("add"):  # one more picture or reference row; nothing is written until Save
        more = blank_row(dict(request.form), request.form["add"], exercise_rows.ROWS)
        return _page(plugin, stem, more if more is not None else dict(request.form), {}, shown)
    try:
        exercise = form.as_exercise(f"{plugin}.{stem}", typed)
    except ValidationError as exc:
        return _page(plugin, stem, dict(request.form), _field_errors(exc, ladder, dict(request.form)), shown, 400)
    if missing := exercise_rows.missing_pictures(path.parent.parent, exercise, dict(request.form)):
        return _page(plugin, stem, dict(request.form), missing, shown, 400)  # the plugin would not load
    document = toml_file.apply(toml_file.read(path), form.read_form(request.form))
    if "dosage" in typed:
        toml_levels.write_table(document, "dosage", typed["dosage"])
    if ladder is not None:
        document = toml_levels.apply(document, ladder.tables)
    for name, rows in exercise_rows.read(request.form, data).items():
        apply_rows(document, name, rows, exercise_rows.ORDERS)
    return saved(path, document, plugin, "studio.exercise", stem)


def saved(path: Path, document: Any, plugin: str, page: str, stem: str) -> Any:
    """Write the file, reload this worker's plugins so the library and the builder see it, and go back to ``page``."""
    path.parent.mkdir(exist_ok=True)
    toml_file.write(path, document)
    load_plugins(current_app)
    flash(gettext("Saved %(file)s.", file=f"{plugin}/{path.parent.name}/{path.name}"), "success")
    return redirect(url_for(page, plugin=plugin, stem=stem), 303)


@bp.route("/<plugin>/exercises/<stem>/cards", methods=["GET", "POST"])
def cards(plugin: str, stem: str) -> Any:
    """The cards of the exercise as saved (GET) or as typed (POST), for the page's preview frame."""
    path = exercise_file(plugin, stem)
    data, _ = read_toml(path, path.name)
    ladder = None
    if request.method == "POST":
        data, ladder = _typed(data)
    try:
        exercise = form.as_exercise(f"{plugin}.{stem}", data)
    except ValidationError as exc:
        return render_template("studio/_not_yet.html", errors=_field_errors(exc, ladder, dict(request.form))), 200
    try:
        options = preview_options()
    except OptionError as exc:
        return render_template("studio/_not_yet.html", errors={"language": str(exc)}), 200
    reading = reading_notes.exercise_notes(exercise) if request.method == "POST" else None
    return card_preview.cards_html(catalogue(), exercise, plugin, path.parent.parent, options, reading)
