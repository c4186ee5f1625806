"""The builder's edits: each an htmx request that saves at once and answers with a fragment.

All go through ``editing.save`` (version check, audit, commit); a refused value
answers 422 with the same fragment and its message, typed values kept.
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext

from clinic.i18n import N_
from clinic.models import Programme
from clinic.models.content import ItemContent
from clinic.services import builder_view, dosage_form, programme_settings, untrusted_json
from clinic.services.builder import (
    add_item,
    move_item,
    move_to_section,
    remove_item,
    reorder,
    restore_item,
    section_defs,
)
from clinic.services.dosage_edit import edit_dosage
from clinic.services.text_limits import too_long
from clinic.state import catalogue
from clinic.web.access import get_item_or_404
from clinic.web.builder import bp, settings_context
from clinic.web.edit_summary import EditSummary
from clinic.web.editing import partly_refused, programme_edit, refused, save
from clinic.web.errors import BadValue

MAX_POSITION = 10_000
"""No programme holds this many items; a larger position is not one our page sent."""


def _items_panel(programme: Programme, **extra: Any) -> str:
    """The sections and their cards, with the load check refreshed out of band."""
    return render_template(
        "builder/_items.html", programme=programme,
        sections=builder_view.sections(catalogue(), programme),
        load=builder_view.load_check(catalogue(), programme), oob_load=True, **extra,
    )


DOSAGE_MESSAGE_SLOTS = [name for name, *_ in dosage_form.NUMBER_FIELDS] + ["tempo", "load_amount", "all"]


def _card(programme: Programme, item_id: int, form: dosage_form.DosageForm | None = None,
          dosage_only: bool = False, card: dict[str, Any] | None = None) -> str:
    """A whole card, or only a dosage save's messages and line (the form itself stays put).

    ``card`` is one already built for this request (a dosage edit builds it to say what changed).
    """
    if card is None:
        card = builder_view.item_card(catalogue(), get_item_or_404(programme, item_id), form)
    template = "builder/_dosage_errors.html" if dosage_only else "builder/_item.html"
    load = builder_view.load_check(catalogue(), programme)
    return (render_template(template, programme=programme, card=card, oob_line=dosage_only,
                            error_keys=DOSAGE_MESSAGE_SLOTS)
            + render_template("builder/_load.html", load=load, oob_load=True))


@bp.post("/programmes/<int:programme_id>/items")
@programme_edit
def add(programme: Programme) -> Any:
    exercise = catalogue().exercises.get(request.form.get("exercise_id", ""))
    if exercise is None:
        abort(404)
    add_item(programme, catalogue(), exercise.id)
    announce = gettext("Added %(name)s.", name=exercise.name)
    return save(programme, EditSummary(N_("added %(name)s"), {"name": exercise.name}),
                lambda: _items_panel(programme, announce=announce))


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/move")
@programme_edit
def move(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    name = builder_view.item_card(catalogue(), item)["name"]
    moved = move_item(programme, item, direction)
    if direction == "up":
        announce = gettext("Moved %(name)s up.", name=name) if moved else gettext("%(name)s is already at the top.",
                                                                                   name=name)
        summary = EditSummary(N_("moved %(name)s up"), {"name": name})
    else:
        announce = gettext("Moved %(name)s down.", name=name) if moved else gettext("%(name)s is already at the end.",
                                                                                     name=name)
        summary = EditSummary(N_("moved %(name)s down"), {"name": name})
    return save(programme, summary, lambda: _items_panel(programme, announce=announce))


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/section")
@programme_edit
def section(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    name = builder_view.item_card(catalogue(), item)["name"]
    key = request.form.get("section", "")
    if not move_to_section(programme, item, key):
        abort(400)
    title = next(s["title"] for s in section_defs(programme) if s["key"] == key)
    announce = gettext("Moved %(name)s to %(section)s.", name=name, section=title)
    return save(programme, EditSummary(N_("moved %(name)s to %(section)s"), {"name": name, "section": title}),
                lambda: _items_panel(programme, announce=announce))


@bp.post("/programmes/<int:programme_id>/reorder")
@programme_edit
def reorder_items(programme: Programme) -> Any:
    """Drag and drop sends every section's item ids, top to bottom."""
    try:
        order = json.loads(request.form.get("order", "{}"))
        order = {str(k): [int(i) for i in v] for k, v in order.items()}
    except (ValueError, TypeError, AttributeError):
        abort(400)
    reorder(programme, order)
    return save(programme, EditSummary(N_("reordered the exercises")),
                lambda: _items_panel(programme, announce=gettext("Order saved.")))


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/remove")
@programme_edit
def remove(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    name = builder_view.item_card(catalogue(), item)["name"]
    kept = remove_item(programme, item)
    return save(programme, EditSummary(N_("removed %(name)s"), {"name": name}),
                lambda: _items_panel(programme, removed={"name": name, "data": json.dumps(kept)}))


@bp.post("/programmes/<int:programme_id>/items/restore")
@programme_edit
def restore(programme: Programme) -> Any:
    """Undo a removal: the item comes back as it was, checked like an imported one."""
    try:
        data = untrusted_json.loads(request.form.get("data", ""))
        position = data.pop("position")
        checked = ItemContent.model_validate(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BadValue(gettext("That exercise could not be put back; reload the page and add it again.")) from None
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= MAX_POSITION:
        raise BadValue(gettext("That exercise could not be put back; reload the page and add it again."))
    if checked.exercise_id not in catalogue().exercises:
        abort(404)
    restore_item(programme, {**checked.model_dump(mode="json"), "position": position})
    name = catalogue().exercise(checked.exercise_id).name
    return save(programme, EditSummary(N_("put back %(name)s"), {"name": name}),
                lambda: _items_panel(programme, announce=gettext("Put back %(name)s.", name=name)))


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/dosage")
@programme_edit
def dosage(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    edit = edit_dosage(catalogue(), item, request.form)
    if edit.card is None:
        return refused(_card(programme, item_id, edit.form, dosage_only=True))
    card = edit.card
    summary = EditSummary(N_("changed %(name)s: %(before)s → %(after)s"),
                          {"name": card["name"], "before": edit.before, "after": edit.after})
    return partly_refused(save(programme, summary, lambda: _card(programme, item_id, dosage_only=True, card=card)),
                          edit.refused)


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/level")
@programme_edit
def level(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    step = request.form.get("level", type=int)
    exercise = catalogue().exercises.get(item.exercise_id)
    if exercise is None or step not in exercise.ladder():
        abort(400)
    before = builder_view.item_card(catalogue(), item)["name"]
    item.level = step
    after = builder_view.item_card(catalogue(), item)["name"]
    return save(programme, EditSummary(N_("changed level: %(before)s → %(after)s"), {"before": before, "after": after}),
                lambda: _card(programme, item_id))


@bp.post("/programmes/<int:programme_id>/items/<int:item_id>/note")
@programme_edit
def note(programme: Programme, item_id: int) -> Any:
    item = get_item_or_404(programme, item_id)
    note = request.form.get("note", "").strip()
    if problem := too_long("note", len(note)):  # the box stops at the limit: only a crafted request gets here
        raise BadValue(problem)
    item.note = note
    name = builder_view.item_card(catalogue(), item)["name"]
    return save(programme, EditSummary(N_("changed the note on %(name)s"), {"name": name}), lambda: "")


@bp.post("/programmes/<int:programme_id>/settings")
@programme_edit
def settings(programme: Programme) -> Any:
    """Each part is saved on its own: a refused pain ceiling does not hold back the goal typed next."""
    form = programme_settings.read_settings_form(request.form, programme, catalogue())
    usable = {k: v for k, v in form.changes.items() if k not in form.errors}
    changed = [k for k, v in usable.items() if getattr(programme, k) != v]
    # Offer Undo for lines emptied by this save; another part's save leaves the offer on screen.
    emptied = (programme_settings.emptied_referrals(request.form, list(programme.referrals or []))
               if "referrals" in changed else None)
    if form.errors and not changed:
        return refused(render_template("builder/_settings_answer.html", **settings_context(programme, form)))
    for key in changed:
        setattr(programme, key, usable[key])
    # Redraw the referral rows only when a line was filled in or emptied, to keep one spare row.
    rows_changed = ("referrals" in usable
                    and len(request.form.getlist("referral_text")) != len(form.values["referrals"]))
    summary = (EditSummary(N_("changed %(fields)s"), {"fields": tuple(changed)}) if changed
               else EditSummary(N_("changed nothing")))
    return partly_refused(save(programme, summary, lambda: render_template(
        "builder/_settings_answer.html", oob_rows=rows_changed, emptied=emptied,
        **settings_context(programme, form))), bool(form.errors))


@bp.post("/programmes/<int:programme_id>/referrals/restore")
@programme_edit
def restore_referral(programme: Programme) -> Any:
    """Undo an emptied "when to get help" line: it comes back where it stood, checked like a protocol's."""
    try:
        line = programme_settings.put_back_referral(programme, request.form.get("data", ""))
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BadValue(gettext("That line could not be put back; type it again.")) from None
    return save(programme, EditSummary(N_("put back the line “%(line)s”"), {"line": line["text"]}),
                lambda: render_template("builder/_settings_answer.html", oob_rows=True, emptied=[],
                                        **settings_context(programme)))
