"""A builder edit said in words, stored so each reader sees it in their own page language.

The audit line keeps the English sentence (the audit log and its CSV are read
as records) and, beside it, the catalogue msgid with its values; the conflict
box shows the msgid translated for whoever is looking. A list value holds
field codes, each said with its word from ``FIELD_WORDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext

from clinic.i18n import N_

FIELD_WORDS = {"title": N_("title"), "goal": N_("goal"), "pain_rule": N_("pain rule"), "referrals": N_("referrals"),
               "schedule": N_("schedule"), "progression_rules": N_("progression rules")}


@dataclass(frozen=True)
class EditSummary:
    msgid: str
    values: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)

    def _said(self, translate: Any) -> str:
        values = {key: ", ".join(translate(FIELD_WORDS.get(code, code)) for code in value)
                  if isinstance(value, (tuple, list)) else value for key, value in self.values.items()}
        return translate(self.msgid, **values) if values else translate(self.msgid)

    def english(self) -> str:
        return self._said(lambda text, **values: text % values if values else text)

    def in_page_language(self) -> str:
        return self._said(gettext)

    def stored(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "values": {k: list(v) if isinstance(v, tuple) else v
                                                for k, v in self.values.items()}}


def said_in_page_language(detail: Mapping[str, Any]) -> str:
    """An audit line's words for this reader; older lines (English only) show as they were stored."""
    stored = detail.get("said")
    if isinstance(stored, Mapping) and isinstance(stored.get("msgid"), str):
        values = stored.get("values") or {}
        try:
            return EditSummary(stored["msgid"], {k: tuple(v) if isinstance(v, list) else str(v)
                                                 for k, v in values.items()}).in_page_language()
        except (KeyError, TypeError, ValueError):
            pass  # a msgid whose placeholders changed since: the English sentence still says it
    return str(detail.get("summary", ""))
