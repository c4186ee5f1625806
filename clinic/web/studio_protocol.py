"""The studio's protocol editor: a plugin's protocols edited in a form beside the whole handout they print.

The form mirrors the protocol format (``studio/protocol_form``); exercises are
picked by name from this plugin and the whole library. Saving refuses what the
loader would refuse (a bad field, an exercise no plugin has: either would
disable the plugin) with the reason beside its box, then writes the TOML in
place (``studio/toml_protocol``), runs the check and reloads this worker's
plugins, so the builder offers the protocol at once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from pydantic import ValidationError

from clinic.contributor.check import check_plugin
from clinic.contributor.preview import SAMPLE_CLINIC, SAMPLE_PATIENT
from clinic.contributor.references import closest_hint
from clinic.exercise_data import Protocol
from clinic.exercise_data.loader import PluginDataError, read_toml
from clinic.handout.options import OptionError
from clinic.handout.render import render_html
from clinic.handout.resolve import resolve_content
from clinic.models.content import ProgrammeContent
from clinic.state import catalogue
from clinic.studio import protocol_form, reading_notes, toml_file, toml_protocol
from clinic.web.studio import SLUG, bp, plugin_folder, preview_options, saved

# What a new protocol starts with: a row for each table it needs at least one of, and a cautious pain ceiling.
STARTER = {"sections": [{"key": "exercises", "title": "Your exercises", "instructions": "",
                         "items": [{"exercise": ""}]}],
           "pain_rule": {"ceiling": 3, "wording": ""}, "referrals": [{"tier": "doctor", "text": ""}]}


def protocol_file(plugin: str, stem: str) -> Path:
    """The protocol's file in the plugin folder; it need not exist yet (a new protocol is written on its first save)."""
    if not SLUG.match(stem):
        abort(404)
    return plugin_folder(plugin) / "protocols" / f"{stem}.toml"


def _saved(path: Path) -> dict[str, Any]:
    return read_toml(path, path.name)[0] if path.is_file() else {}


def _exercises(plugin: str) -> protocol_form.Exercises:
    """Every exercise of the library by id, this plugin's first, each plugin's by name."""
    names = {i: e.name for i, e in catalogue().exercises.items()}
    ordered = sorted(names, key=lambda i: (not i.startswith(f"{plugin}."), i.split(".", 1)[0], names[i].casefold()))
    return protocol_form.Exercises(MappingProxyType({i: names[i] for i in ordered}), plugin)


def _with_translations(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The protocol's translation files folded in, as the loader does, so a list that no longer matches is named."""
    translations = {}
    for file in sorted(path.parent.glob(f"{path.stem}.*.toml")):
        try:
            translations[file.name.split(".")[1]] = read_toml(file, file.name)[0]
        except PluginDataError:
            continue  # the check names what is wrong with that file; the English is judged on its own
    return {**data, "translations": translations} if translations else data


def _unknown(plugin: str, typed: dict[str, Any], values: dict[str, str]) -> dict[str, str]:
    """An exercise no loaded plugin has, beside its box, in the check's words (the loader would disable the plugin)."""
    library = catalogue()
    plugins = {p.name for p in library.plugins} | {plugin}
    errors = {}
    for i, section in enumerate(typed.get("sections") or ()):
        for j, item in enumerate(section.get("items") or () if isinstance(section, dict) else ()):
            wanted = item.get("exercise") if isinstance(item, dict) else None
            if isinstance(wanted, str) and wanted and wanted not in library.exercises:
                box = protocol_form.placed(f"sections-{i}-items-{j}-exercise", values)
                errors[box] = (f"no loaded plugin has the exercise '{wanted}'."
                               f"{closest_hint(wanted, set(library.exercises), plugins)}")
    return errors


def _refusals(plugin: str, path: Path, typed: dict[str, Any], values: dict[str, str]) -> tuple[Protocol | None,
                                                                                                dict[str, str]]:
    """The protocol as typed, or why the loader would refuse it: one message per box."""
    plain = protocol_form.plain(typed)
    errors = _unknown(plugin, plain, values)
    try:
        protocol = Protocol.model_validate(_with_translations(path, {"id": f"{plugin}.{path.stem}", **plain}))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            named = (err.get("ctx") or {}).get("name")  # a dosage rule that names its field ("sets above 10")
            if named and loc and loc[-1] == "dosage":
                loc = (*loc, named)
            key = protocol_form.placed(protocol_form.box_name(loc), values)
            message = str(err["msg"]).removeprefix("Value error, ")
            where = ".".join(str(part) for part in loc)
            errors.setdefault(key, f"{where}: {message}" if key == "other" and where else message)
        return None, errors
    return (None if errors else protocol), errors


def _page(plugin: str, stem: str, values: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    folder = plugin_folder(plugin)
    check = check_plugin(folder, current_app.config["PLUGIN_DIRS"])
    mine = f"{plugin}/protocols/{stem}.toml"
    findings = [f for f in check.findings if f.file == mine or f.file.startswith(f"{plugin}/protocols/{stem}.")]
    notes: dict[str, list[str]] = {}
    for finding in findings:
        if finding.file == mine and finding.field:
            key = protocol_form.placed(protocol_form.box_name(protocol_form.finding_loc(finding.field)), values)
            notes.setdefault(key, []).append(finding.message)
    return render_template("studio/protocol.html", plugin=plugin, stem=stem, file=mine, values=values,
                           errors=errors, notes=notes, findings=findings, exists=(folder / "protocols" /
                                                                                  f"{stem}.toml").is_file(),
                           top=protocol_form.TOP, pain_rule=protocol_form.PAIN_RULE, groups=protocol_form.GROUPS,
                           dosage_fields=protocol_form.DOSAGE_FIELDS, dosage=protocol_form.DOSAGE,
                           sides=("each_side", "both", "left", "right", "alternating"),
                           rows=protocol_form.row_numbers, names=_exercises(plugin).names), status


@bp.post("/<plugin>/protocols")
def new_protocol(plugin: str) -> Any:
    folder = plugin_folder(plugin)
    stem = request.form.get("stem", "").strip()
    if not SLUG.match(stem) or (folder / "protocols" / f"{stem}.toml").exists():
        flash(gettext("'%(name)s' cannot be a new protocol's file name here: use small letters, numbers and _, "
                      "and a name no protocol has yet.", name=stem[:60]), "error")
        return redirect(url_for("studio.plugin", plugin=plugin), 303)
    return redirect(url_for("studio.protocol", plugin=plugin, stem=stem), 303)


@bp.get("/<plugin>/protocols/<stem>")
def protocol(plugin: str, stem: str) -> Any:
    """The protocol's form; a protocol not written yet starts from ``STARTER``."""
    path = protocol_file(plugin, stem)
    return _page(plugin, stem, protocol_form.form_values(_saved(path) if path.is_file() else STARTER), {})


@bp.errorhandler(PluginDataError)
def _unreadable(exc: PluginDataError) -> Any:
    """A file edited by hand that no longer parses: back to the plugin's page, where the check says where."""
    flash(gettext("A file cannot be read: %(why)s", why=str(exc)[:300]), "error")
    plugin = (request.view_args or {}).get("plugin")
    return redirect(url_for("studio.plugin", plugin=plugin) if plugin else url_for("studio.index"), 303)


@bp.post("/<plugin>/protocols/<stem>")
def save_protocol(plugin: str, stem: str) -> Any:
    path = protocol_file(plugin, stem)
    data = _saved(path)
    values = dict(request.form)
    adding = request.form.get("add", "")
    if adding:  # one more empty row; nothing is written until Save
        more = protocol_form.blank_row(values, adding)
        return _page(plugin, stem, more if more is not None else values, {})
    typed = protocol_form.read_form(request.form, data, _exercises(plugin))
    protocol, errors = _refusals(plugin, path, typed, values)
    if protocol is None:
        return _page(plugin, stem, values, errors, 400)
    return saved(path, toml_protocol.apply(toml_file.read(path), typed), plugin, "studio.protocol", stem)


@bp.route("/<plugin>/protocols/<stem>/handout", methods=["GET", "POST"])
def protocol_handout(plugin: str, stem: str) -> Any:
    """The sample handout the protocol prints (``flask preview --protocol``'s, as HTML), saved (GET) or as typed."""
    path = protocol_file(plugin, stem)
    if request.method == "GET" and not path.is_file():
        return render_template("studio/_not_yet.html", errors={}, title=gettext("Not yet a valid protocol"),
                               lead=gettext("The handout shows here as you fill in the form.")), 200
    data = _saved(path)
    values = dict(request.form) if request.method == "POST" else protocol_form.form_values(data)
    typed = protocol_form.read_form(values, data, _exercises(plugin))
    protocol, errors = _refusals(plugin, path, typed, values)
    try:
        options = preview_options()
    except OptionError as exc:
        errors = {"language": str(exc)}
    if protocol is None or errors:
        return render_template("studio/_not_yet.html", errors=errors, title=gettext("Not yet a valid protocol"),
                               lead=gettext("The handout shows once these are filled in:")), 200
    library = catalogue()
    library = replace(library, protocols=MappingProxyType({**library.protocols, protocol.id: protocol}))
    content = ProgrammeContent.from_protocol(protocol, include_optional=True)
    snapshot = resolve_content(content, library, language=options.language, patient=SAMPLE_PATIENT,
                               clinic=SAMPLE_CLINIC)
    page = render_html(snapshot, options, preview=True)
    if request.method == "GET":
        return page
    notes = render_template("studio/_reading.html", reading=reading_notes.protocol_notes(protocol))
    return page.replace("<body>", f"<body>\n{notes}", 1)  # the advice above the handout, as for an exercise
