"""Keep English runs left to right inside a right-to-left handout.

An Arabic handout can still print some words in English (a heading with no
Arabic catalogue yet, a dosage with no Arabic phrase table). Laid out right to
left, such a run is reordered by the bidi algorithm: "2-3 sets of 10." comes
out as ".2-3 sets of 10" and the parts of a line swap places. Each text run
that has Latin letters and no right-to-left letters is isolated as
``<bdi dir="ltr">``, which WeasyPrint honours (``unicode-bidi: plaintext`` it
does not). Done on the rendered body, so no template has to remember it.
"""

from __future__ import annotations

import re

RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
TEXT_RUN = re.compile(r">([^<>]+)<")


def _isolate(match: re.Match[str]) -> str:
    text = match.group(1)
    if LATIN_LETTER.search(text) and not RTL_LETTER.search(text):
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        return f'>{lead}<bdi dir="ltr">{text.strip()}</bdi>{tail}<'
    return match.group(0)


def isolate_ltr_runs(page: str) -> str:
    """The page with every Latin-only text run in the body wrapped in ``<bdi dir="ltr">``."""
    start = page.find("<body")
    if start < 0:
        return page
    return page[:start] + TEXT_RUN.sub(_isolate, page[start:])
