"""What a Spanish reader sees, and the English sentences that must not be part of it.

The English to look for is the app's own catalogue: every msgid whose Spanish
msgstr differs from it. A page leaks when one of those English texts (or a
fragment of it between placeholders) shows in its visible text: text nodes and
the attributes a person reads or hears (title, alt, aria-label, placeholder,
confirm questions, responsive-table labels, the strings handed to JavaScript).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

from babel.messages.pofile import read_po

from clinic.i18n import TRANSLATIONS_DIR

READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "data-confirm", "data-label"}
"""Attributes shown or spoken to the person, besides the ``data-say-*`` strings for JavaScript."""

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdg]|%[sdg]|\{\w*\}")

CODE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)+$")
SHORTEST_FRAGMENT = 4
"""Fragments shorter than this ("of", "to") say nothing about a page's language."""

SAME_WORD_IN_SPANISH = {
    # English fragments that are also ordinary Spanish or a proper name; kept short and explained.
    "No": "'No' is Spanish too",
    "clinic": "the app's name in every page title (as an audit record type it has a context and a translation)",
}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or name.startswith("data-say-")):
                self.parts.append(value)
            if tag == "input" and name == "value" and value and dict(attrs).get("type") in ("submit", "button"):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Everything a person reads or hears on the page, with whitespace made single spaces."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


@dataclass(frozen=True)
class EnglishText:
    msgid: str
    fragment: str
    pattern: re.Pattern[str]


def _fragments(msgid: str) -> list[str]:
    """The literal pieces of a msgid, as they would print.

    A msgid without placeholders is looked for whole. Between placeholders a piece
    counts when it has two words or more, or is the capitalised word a sentence
    starts with ("Removed %(name)s."): "from" or "level" alone are glue words
    that any English content (an exercise name) may hold.
    """
    if PLACEHOLDER.search(msgid) is None:
        pieces = [" ".join(msgid.split())]
    else:
        parts = [" ".join(p.split()).strip(" .,:;()") for p in PLACEHOLDER.split(msgid)[::2]]
        pieces = [p for index, p in enumerate(parts)
                  if len(p.split()) >= 2 or (index == 0 and p[:1].isupper())]
    return [p for p in pieces if len(p) >= SHORTEST_FRAGMENT and re.search(r"[A-Za-z]{2}", p)
            and p not in SAME_WORD_IN_SPANISH]


@cache
def translated_english() -> tuple[EnglishText, ...]:
    """Every English msgid (singular and plural) that Spanish says differently."""
    with (TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    found: dict[str, EnglishText] = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(strings) or set(ids) == set(strings):
            continue
        for msgid in ids:
            for fragment in _fragments(msgid):
                # Whole words only: "Remove" must not match inside a longer word.
                pattern = re.compile(r"(?<![\w])" + re.escape(fragment) + r"(?![\w])")
                if any(pattern.search(text) for text in strings):
                    continue  # the Spanish keeps this piece as it is ("Error %(code)s")
                found.setdefault(fragment, EnglishText(msgid, fragment, pattern))
    return tuple(found.values())


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def content_strings(*records: Any) -> list[str]:
    """Every text of plugin data and programmes (pydantic records, dicts, lists), longest first.

    The builder shows a programme's and the library's own words as they are stored
    (English in the shipped plugins); they are content, not the app's sentences.
    """
    found = set()
    for record in records:
        dumped = record.model_dump(mode="json") if hasattr(record, "model_dump") else record
        for text in _strings(dumped):
            found.add(" ".join(text.split()))
            if CODE.match(text):  # a tag such as "knee_targeted" shows as "Knee targeted"
                found.add(text.replace("_", " ").replace("-", " ").strip().capitalize())
    return sorted((t for t in found if len(t) >= SHORTEST_FRAGMENT), key=len, reverse=True)


def without_content(text: str, content: list[str]) -> str:
    """``text`` with each content string cut out, so only the page's own words are left to check."""
    for piece in content:
        text = text.replace(piece, " ¶ ")
    return text


def english_in(text: str) -> list[str]:
    """The translated English fragments found in ``text`` (visible text of a Spanish page)."""
    return sorted({e.fragment for e in translated_english() if e.pattern.search(text)})


class _TemplateLiterals(_VisibleText):
    """The visible text a template writes itself, outside ``{{ }}`` and ``{% %}``."""


LITERALS_ALLOWED = {
    "clinic": "the product's name, the same in every language",
    "wide": "a layout name, used as a CSS class",
    "normal": "a layout name, used as a CSS class",
}


def template_literals(source: str, parse: Any) -> list[str]:
    """Words a template prints without gettext; ``parse`` is the app's ``jinja_env.parse``."""
    from jinja2 import nodes

    raw = " ".join(node.data for node in parse(source).find_all(nodes.TemplateData))
    parser = _TemplateLiterals()
    parser.feed(raw)
    parser.close()
    words = []
    for part in parser.parts:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", part):
            if word not in LITERALS_ALLOWED:
                words.append(word)
    return words
