"""The pain ceiling is a number the therapist sets; every sentence that states it must agree.

A protocol's wording ("Keep it at 3 out of 10 or less") is written for its own
ceiling, so when the therapist changes the number the printed wording is
restated from it, in every language the wording is printed in. Wording the
therapist typed is theirs: it is never rewritten, and a number in it that
disagrees with the ceiling is refused when saved, so the two cannot differ.
"""

from __future__ import annotations

import re
from typing import Any

from clinic.catalogue import Catalogue
from clinic.exercise_data import Dosage

# "3 out of 10", "3/10", "3 de 10" (Spanish), "3 sur 10": a number on the 0-10 scale in the wording.
STATED = re.compile(r"\b(\d{1,2})(\s*(?:out of|/|de|sobre|sur|von|su)\s*)10\b", re.IGNORECASE)


def stated_ceilings(text: str | None) -> set[int]:
    """Each pain level the text states on the 0-10 scale."""
    return {int(m.group(1)) for m in STATED.finditer(text or "")}


def restated(text: str, ceiling: int) -> str:
    """The text with its one stated level replaced by ``ceiling``; text stating several is kept."""
    if len(stated_ceilings(text)) != 1:
        return text
    return STATED.sub(lambda m: f"{ceiling}{m.group(2)}10", text)


def disagreement(wording: str | None, ceiling: int) -> list[int]:
    """The levels a wording states that are not the ceiling (empty when they agree)."""
    return sorted(n for n in stated_ceilings(wording) if n != ceiling)


def is_protocol_wording(pain_rule: dict[str, Any] | None, protocol_id: str | None, catalogue: Catalogue) -> bool:
    """True while the wording is still the one the programme's protocol wrote."""
    protocol = catalogue.protocols.get(protocol_id or "")
    return bool(pain_rule and protocol is not None and pain_rule.get("wording") == protocol.pain_rule.wording)


def printed_wording(pain_rule: dict[str, Any], translated: str | None, own: bool) -> str | None:
    """What the handout prints: the protocol's wording restated for the ceiling, or the typed wording."""
    if not translated or not own or pain_rule.get("ceiling") is None:
        return translated
    return restated(translated, int(pain_rule["ceiling"]))


def with_ceiling(dosage: Dosage, pain_rule: dict[str, Any] | None) -> Dosage:
    """An exercise line that states a pain level states the programme's ceiling, not its own."""
    ceiling = (pain_rule or {}).get("ceiling")
    if dosage.pain_ceiling is None or ceiling is None or dosage.pain_ceiling == ceiling:
        return dosage
    return dosage.model_copy(update={"pain_ceiling": int(ceiling)})
