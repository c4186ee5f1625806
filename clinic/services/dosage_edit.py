"""A therapist's dosage edit: read the fields, apply what is valid, say what changed.

One call, so the view neither assigns the override itself nor resolves the card
three times: the dosage before comes from the item's choice before the edit,
the card after is built once and is both the answer's content and the source
of the change's "after" words.
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
from clinic.services.dosage_form import DosageForm, read_dosage_form


@dataclass(frozen=True)
class DosageEdit:
    form: DosageForm
    """The typed values and a message per refused field."""
    before: str
    """The dosage words before the edit, in the page language."""
    card: dict[str, Any] | None
    """The item's card after the edit; None when the edit was refused and nothing changed."""

    @property
    def applied(self) -> bool:
        return self.card is not None

    @property
    def after(self) -> str:
        return self.card["dosage_text"] if self.card else self.before


def edit_dosage(catalogue: Catalogue, item: ProgrammeItem, fields: Mapping[str, Any]) -> DosageEdit:
    """Apply the dosage typed in ``fields`` to ``item`` when every field is valid; the caller saves."""
    choice = item_choice(catalogue, item)
    form = read_dosage_form(fields, choice.default)
    before = describe_dosage(choice.dosage, page_language())
    if not form.valid:
        return DosageEdit(form=form, before=before, card=None)
    item.dosage = form.override
    return DosageEdit(form=form, before=before, card=item_card(catalogue, item))
