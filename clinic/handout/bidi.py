"""Keep English runs left to right inside a right-to-left handout.

An Arabic handout can still print some words in English (a heading with no
Arabic catalogue yet, a dosage with no Arabic phrase table). Laid out right to
left, such a run is reordered by the bidi algorithm: "2-3 sets of 10." comes
out as ".2-3 sets of 10" and the parts of a line swap places. A block (a
paragraph, list item, heading or cell) whose words are all English gets
``dir="ltr"``; inside a block that mixes scripts, each English run is isolated
as ``<bdi dir="ltr">``. WeasyPrint honours both (``unicode-bidi: plaintext`` it
does not). Done on the rendered body, so no template has to remember it.
"""

from __future__ import annotations

import re

RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
TEXT_RUN = re.compile(r">([^<>]+)<")
# A block whose words are all English is laid out left to right as a whole ("Phone: 555-0199", not
# "555-0199 Phone:"); only blocks that mix the two scripts keep the page's direction.
BLOCK = re.compile(r"<(p|li|h1|h2|h3|h4|td|th)((?: [^>]*)?)>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def _isolate(match: re.Match[str]) -> str:
    text = match.group(1)
    if _english(text):
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()):]
        return f'>{lead}<bdi dir="ltr">{text.strip()}</bdi>{tail}<'
    return match.group(0)


def _english(text: str) -> bool:
    return bool(LATIN_LETTER.search(text)) and not RTL_LETTER.search(text)


def _block(match: re.Match[str]) -> str:
    tag, attributes, inner = match.groups()
    if " dir=" in attributes or not _english(TAG.sub("", inner)):
        return match.group(0)
    return f'<{tag}{attributes} dir="ltr">{inner}</{tag}>'


def isolate_ltr_runs(page: str) -> str:
    """The body with English blocks set left to right, and English runs inside mixed blocks isolated."""
    start = page.find("<body")
    if start < 0:
        return page
    body = BLOCK.sub(_block, page[start:])
    return page[:start] + TEXT_RUN.sub(_isolate, body)
