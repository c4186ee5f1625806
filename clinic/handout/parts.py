"""Cut a handout's final HTML into parts that are laid out on their own and merged (issue 17).

A part is a run of the body's top-level elements, copied byte for byte from
the rendered page, inside the page's own ``<head>``:

- ``patient``: everything before the first routine part (at a glance, plugin
  sections after it, "What changed"): it names the patient, so it is always
  laid out fresh;
- ``cards-N``: one per routine part (warm-up, strength, stretches), so an edit
  in one leaves the others' cached pages valid;
- ``advice``: everything after the last routine part up to the log (rules,
  plugin sections, when to get help, picture credits);
- ``log``: the weekly log sheet.

Cutting the rendered HTML rather than rendering templates per part keeps the
templates as they are: a changed layout is simply different HTML and so a
different cache key. Each part starts a page (``PART_CSS``); the whole
document with the same wrappers (``whole_html``) is what a merged handout
must equal, page by page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

PART_CLASS = "handout-part"
PATIENT = "patient"
ADVICE = "advice"
LOG = "log"
# A part starts its own page, in the merged handout and in the whole render it is compared with.
PART_CSS = f".{PART_CLASS} + .{PART_CLASS} {{ break-before: page; }}"
# Laid out alone, a part's running header would be empty and its "Page X of Y" its own count:
# both are drawn over the merged pages instead (clinic.handout.merge).
NO_MARGIN_BOXES = "@page { @top-left { content: none } @top-right { content: none } @bottom-center { content: none } }"
# Page 1's pointer to the help page links out of its part; the merge turns this into a link inside the PDF.
LINK_OUT = "https://part.invalid/"
NEWLINE = re.compile("\n")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Element:
    """A top-level element of the body: its exact source text and the class names it carries."""

    source: str
    classes: frozenset[str]


@dataclass(frozen=True)
class Part:
    name: str
    body: str

    @property
    def patient_specific(self) -> bool:
        return self.name == PATIENT


class _TopLevel(HTMLParser):
    """Record where each element directly under ``<body>`` starts and ends in the source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *(newline.end() for newline in NEWLINE.finditer(source))]
        self.depth = 0  # 1 inside <body>
        self.spans: list[tuple[int, int, frozenset[str]]] = []
        self.body: tuple[int, int] = (0, 0)
        self._start = 0
        self._classes: frozenset[str] = frozenset()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.depth = 1
            self.body = (self._offset() + len(self.get_starttag_text() or ""), self.body[1])
            return
        if self.depth == 0 or tag in VOID:
            return
        if self.depth == 1:
            self._start = self._offset()
            self._classes = frozenset((dict(attrs).get("class") or "").split())
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.body = (self.body[0], self._offset())
            self.depth = 0
            return
        if self.depth <= 1 or tag in VOID:
            return
        self.depth -= 1
        if self.depth == 1:
            end = self._offset() + len(f"</{tag}>")
            self.spans.append((self._start, end, self._classes))


def top_level(page: str) -> tuple[str, list[Element], str]:
    """(everything up to and with ``<body>``, the body's elements, from ``</body>`` on)."""
    parser = _TopLevel(page)
    parser.feed(page)
    parser.close()
    start, end = parser.body
    if not end:
        raise ValueError("the handout HTML has no body to cut into parts")
    elements = [Element(page[a:b], classes) for a, b, classes in parser.spans]
    return page[:start], elements, page[end:]


def split(page: str) -> tuple[str, str, list[Part]]:
    """(head, tail, the parts in order) of a whole handout page."""
    head, elements, tail = top_level(page)
    routine = [i for i, e in enumerate(elements) if "routine-part" in e.classes]
    first, last = (routine[0], routine[-1]) if routine else (len(elements), len(elements) - 1)
    parts = [Part(PATIENT, "\n".join(e.source for e in elements[:first]))]
    parts += [Part(f"cards-{n + 1}", elements[i].source) for n, i in enumerate(routine)]
    advice = [e for e in elements[last + 1:] if "log" not in e.classes]
    log = [e for e in elements[last + 1:] if "log" in e.classes]
    if advice:
        parts.append(Part(ADVICE, "\n".join(e.source for e in advice)))
    if log:
        parts.append(Part(LOG, "\n".join(e.source for e in log)))
    return head, tail, [p for p in parts if p.body.strip()]


def wrapped(part: Part) -> str:
    return f'<div class="{PART_CLASS}" data-part="{part.name}">\n{part.body}\n</div>'


def whole_html(page: str) -> str:
    """The page laid out as the merge lays it out: the same parts, each starting a page, in one document."""
    head, tail, parts = split(page)
    return head + "\n".join(wrapped(p) for p in parts) + tail


def part_html(head: str, tail: str, part: Part, after: str = "") -> str:
    """One part as a document of its own: the page's head, the part's elements (then ``after``), links made linkable."""
    body = wrapped(part).replace('href="#', f'href="{LINK_OUT}#')
    return head + body + after + tail


def page_ref_css(page_number: int) -> str:
    """The help page's number where ``target-counter`` cannot find it: in another part."""
    return f'@media print {{ .page-ref::after {{ content: ", " attr(data-page-word) " {int(page_number)}" }} }}'


HEAD_PATIENT_DATA = re.compile(
    r'<title>.*?</title>|<meta name="(?:author|dcterms\.created)" content="[^"]*">', re.DOTALL)


def neutral_head(head: str) -> str:
    """The head without the title (programme and patient), author (therapist) and date.

    Only the patient's part keeps them (its metadata is the merged handout's);
    a cached part must hold nothing of the patient, and must be the same bytes
    for every patient who shares it.
    """
    return HEAD_PATIENT_DATA.sub("", head)


OVERLAY_CSS = (".handout-overlay { visibility: hidden; height: 0; overflow: hidden; margin: 0; }"
               " .handout-overlay-page { break-before: page; }")
# The running header (patient, date) is the same on every page. It is laid out with the patient's
# part, on one blank page after it (named, so only that page keeps its header) that the merge takes
# out and draws over every page; it prints the last names ``string-set`` gave, the part's own.
# "Page X of Y" holds nothing of the patient: its pages are cached by Y like any other part.
HEADER_PAGE = '<div class="handout-header-page"></div>'
HEADER_PAGE_CSS = (".handout-header-page { page: running-header; break-before: page; }"
                   " @page running-header { @top-left { content: string(patient) }"
                   " @top-right { content: string(handout-date) } }")
FOOTER_ONLY = "@page { @top-left { content: none } @top-right { content: none } }"


def footer_html(head: str, tail: str, pages: int) -> str:
    """``pages`` empty pages carrying only "Page X of Y" (the head must be ``neutral_head``'s)."""
    blank_pages = '<div class="handout-overlay-page"></div>' * (pages - 1)
    return head + '<div class="handout-overlay"></div>' + blank_pages + tail
