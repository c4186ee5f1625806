"""A therapist's dosage edit: read the fields, apply what is valid, say what changed.

One call, so the view neither assigns the override itself nor resolves the card
three times: the dosage before comes from the item's choice before the edit,
the card after is built once and is both the answer's content and the source
of the change's "after" words.

Each box is saved on its own: a refused value (sets = -1) keeps that box's saved
value and is reported next to it, while the other boxes of the same form are
still saved. Otherwise one red box would silently hold back every later change
made on the card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic.catalogue import Catalogue
from clinic.exercise_data import describe_dosage
from clinic.i18n import page_language
from clinic.models import ProgrammeItem
from clinic.services.builder_view import item_card, item_choice
from clinic.services.dosage_form import DosageForm, read_dosage_form, values_from

REFUSED_BOXES = {"load_amount": ("load_kind", "load_amount", "band_colour", "load_at"), "__all__": ("side",)}
"""The boxes an error key stands for; any other key is the name of its one box."""


@dataclass(frozen=True)
class DosageEdit:
    form: DosageForm
    """The typed values and a message per refused field."""
    before: str
    """The dosage words before the edit, in the page language."""
    card: dict[str, Any] | None
    """The item's card after the edit; None when nothing changed (everything typed was refused or as saved)."""

    @property
    def applied(self) -> bool:
        return self.card is not None

    @property
    def refused(self) -> bool:
        """Some box was refused (whether or not the others were saved)."""
        return bool(self.form.errors)

    @property
    def after(self) -> str:
        return self.card["dosage_text"] if self.card else self.before


def _without_refused(fields: Mapping[str, Any], form: DosageForm, saved: dict[str, str]) -> dict[str, str]:
    """The typed fields with each refused box put back to its saved value."""
    kept = {name: (fields.get(name) or "") for name in form.values}
    for key in form.errors:
        for name in REFUSED_BOXES.get(key, (key,)):
            kept[name] = saved.get(name, "")
    return kept


def edit_dosage(catalogue: Catalogue, item: ProgrammeItem, fields: Mapping[str, Any]) -> DosageEdit:
    """Apply every valid box typed in ``fields`` to ``item``, keep refused ones as saved; the caller saves."""
    choice = item_choice(catalogue, item)
    form = read_dosage_form(fields, choice.default)
    before = describe_dosage(choice.dosage, page_language())
    usable = form
    if not form.valid:
        usable = read_dosage_form(_without_refused(fields, form, values_from(choice.dosage)), choice.default)
        if not usable.valid or usable.override == (item.dosage or {}):
            return DosageEdit(form=form, before=before, card=None)
    item.dosage = usable.override
    return DosageEdit(form=form, before=before, card=item_card(catalogue, item, form if form.errors else None))
