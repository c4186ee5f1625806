"""Print a handout from cached parts: lay out only the patient's part and the running header (issue 17).

WeasyPrint spends most of a render laying out cards, rules and the help page
that recur, unchanged, for every patient given the same exercises. Here each
part but the patient's (``clinic.handout.parts``) is looked up as finished,
tagged PDF bytes in this clinic's part cache (``clinic.part_cache``), keyed
by its HTML, the layout rules, the options and the render version; a miss is
laid out and stored. The patient's part is laid out fresh with the help page's
number (known from the other parts' pages) and, on one more page, the
running header, then everything is merged
(``clinic.handout.merge``). Behind ``HANDOUT_PART_CACHE``; it forces each
part onto a page of its own, so the layout is not the whole render's.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

import pikepdf
from flask import current_app

from clinic.handout.merge import merge_parts
from clinic.handout.options import HandoutOptions
from clinic.handout.parts import (
    FOOTER_ONLY,
    HEADER_PAGE,
    HEADER_PAGE_CSS,
    NO_MARGIN_BOXES,
    OVERLAY_CSS,
    PART_CSS,
    PATIENT,
    footer_html,
    neutral_head,
    page_ref_css,
    part_html,
    split,
)
from clinic.handout.render import html_to_pdf
from clinic.handout.render_version import render_version
from clinic.part_cache import PartCache
from clinic.part_cache_redis import RedisPartCache

HELP_ANCHOR = b"help-title"
PART_LAYOUT = (PART_CSS, NO_MARGIN_BOXES)
PATIENT_LAYOUT = (*PART_LAYOUT, HEADER_PAGE_CSS)
FOOTER_LAYOUT = (OVERLAY_CSS, FOOTER_ONLY)


@dataclass(frozen=True)
class PartsPrinted:
    pdf: bytes
    hits: int
    misses: int


# How many pages the patient's part took last time, per options and length: the first guess of the next
# render's help page number, so the part is laid out once unless its length changed.
_patient_pages: dict[tuple[str, bool, int], int] = {}
_guess_lock = threading.Lock()


def part_key(document: str, options: HandoutOptions, layout: tuple[str, ...]) -> str:
    """Everything a part's pages depend on: its whole HTML document, the rules, the options, the render version."""
    canonical = json.dumps([render_version(), options.as_dict(), list(layout), document],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _pages_and_anchor(pdf: bytes, anchor: bytes) -> tuple[int, int | None]:
    """(page count, the page index of the named destination ``anchor`` or None)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        found = None
        names = document.Root.get("/Names")
        if names is not None and "/Dests" in names:
            flat = names.Dests.get("/Names", pikepdf.Array())
            for i in range(0, len(flat), 2):
                if bytes(flat[i]) == anchor:
                    found = pages.get(flat[i + 1][0].objgen)
        return len(document.pages), found


# (pages, help page index) of cached parts by the sha256 of their bytes: opening each part again
# only to count its pages was a tenth of a hit. A digest names the bytes, so an entry is never stale.
_shapes: OrderedDict[str, tuple[int, int | None]] = OrderedDict()
_SHAPES_KEPT = 4096


def _shape(pdf: bytes) -> tuple[int, int | None]:
    digest = hashlib.sha256(pdf).hexdigest()
    with _guess_lock:
        found = _shapes.get(digest)
        if found is not None:
            _shapes.move_to_end(digest)
            return found
    found = _pages_and_anchor(pdf, HELP_ANCHOR)
    with _guess_lock:
        _shapes[digest] = found
        while len(_shapes) > _SHAPES_KEPT:
            _shapes.popitem(last=False)
    return found


def print_in_parts(clinic_id: int, page: str, options: HandoutOptions) -> PartsPrinted:
    """The handout ``page`` (final HTML) as PDF, its recurring parts from this clinic's cache."""
    head, tail, parts = split(page)
    if not parts or parts[0].name != PATIENT:
        raise ValueError("a handout starts with the patient's part")
    cache = PartCache.for_app()
    shared_head = neutral_head(head)
    later: list[bytes] = []
    hits = misses = 0
    for part in parts[1:]:
        pdf, hit = _cached(cache, clinic_id, part_html(shared_head, tail, part), options, PART_LAYOUT)
        hits, misses = hits + hit, misses + (not hit)
        later.append(pdf)

    counts = [_shape(pdf) for pdf in later]
    help_after_patient = None  # pages between the patient's part and the help page's top
    before = 0
    for pages, anchor in counts:
        if anchor is not None:
            help_after_patient = before + anchor
            break
        before += pages

    # Programmes of one length (the glance table's rows) most often take as many pages.
    guess_key = (options.paper, options.large_print, parts[0].body.count("<tr"))
    with _guess_lock:
        guess = _patient_pages.get(guess_key, 1)
    patient_document = part_html(head, tail, parts[0], after=HEADER_PAGE)
    for _ in range(3):  # the number's own width could move a line; settle in a pass or two
        extra = PATIENT_LAYOUT if help_after_patient is None else (
            *PATIENT_LAYOUT, page_ref_css(guess + help_after_patient + 1))
        first = html_to_pdf(patient_document, options, extra_css=extra)
        with_header, _ = _pages_and_anchor(first, HELP_ANCHOR)
        first_pages = with_header - 1  # the last page carries only the running header
        if help_after_patient is None or first_pages == guess:
            break
        guess = first_pages
    with _guess_lock:
        _patient_pages[guess_key] = first_pages

    total = first_pages + sum(pages for pages, _ in counts)
    # "Page X of Y" alone holds nothing of the patient: the same pages for every handout of that length.
    footers, _ = _cached(cache, clinic_id, footer_html(shared_head, tail, total), options, FOOTER_LAYOUT)
    return PartsPrinted(merge_parts([first, *later], footers), hits, misses)


def _cached(cache: PartCache | RedisPartCache, clinic_id: int, document: str, options: HandoutOptions,
            layout: tuple[str, ...]) -> tuple[bytes, bool]:
    """A part document's PDF from the clinic's part cache, or laid out and stored; the flag says it was a hit."""
    key = part_key(document, options, layout)
    pdf = cache.get(clinic_id, key)
    if pdf is not None:
        return pdf, True
    pdf = html_to_pdf(document, options, extra_css=layout)
    cache.put(clinic_id, key, pdf)
    return pdf, False


def part_cache_on() -> bool:
    return bool(current_app.config.get("HANDOUT_PART_CACHE", False))
