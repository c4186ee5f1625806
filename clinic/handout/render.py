"""Render a snapshot to HTML (preview) or to a PDF (WeasyPrint).

Stylesheets are parsed once per app, with one shared FontConfiguration, and
handed to WeasyPrint as ``CSS`` objects: the handout HTML never links a
stylesheet, so the only URLs a render meets are our own fonts and the data:
URIs of pictures and the logo. Both go through :class:`StaticOnlyFetcher`.

WeasyPrint is imported on the first render, not with this module: loading it
(and finding its C libraries) was over half of ``create_app``'s time, paid by
every ``flask`` command and worker start that never prints a handout.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, render_template

from clinic.exercise_data.snapshot import HandoutSnapshot, read_snapshot
from clinic.handout.bidi import isolate_ltr_runs
from clinic.handout.context import handout_context
from clinic.handout.options import PAPER_SIZES, HandoutOptions
from clinic.handout.qr import qr_data_uri
from clinic.services.patient_links import PrintedLink

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from clinic.handout.fetcher import StaticOnlyFetcher

EXTENSION_KEY = "clinic.handout"
STYLESHEET = Path("handout") / "handout.css"
PAGE_SIZES = {"A4": "A4", "Letter": "letter"}
PDF_VARIANT = "pdf/ua-1"
EXTRAS_KEPT = 64  # parsed extra rule sets (page references differ by page number); then parsed afresh


def page_css(paper: str, large_print: bool) -> str:
    """Page size and running-header size: @page rules cannot depend on a class in the HTML."""
    header, footer = ("14pt", "16pt") if large_print else ("10pt", "11pt")
    return (
        f"@page {{ size: {PAGE_SIZES[paper]};"
        f" @top-left {{ font-size: {header} }} @top-right {{ font-size: {header} }}"
        f" @bottom-center {{ font-size: {footer} }} }}"
    )


def _font_configuration() -> FontConfiguration:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@dataclass
class HandoutStyles:
    """The parsed stylesheets of one app, reused by every render."""

    static_root: Path
    font_config: FontConfiguration = field(default_factory=_font_configuration)
    base: CSS | None = None
    variants: dict[tuple[str, bool], CSS] = field(default_factory=dict)
    footers: dict[str, CSS] = field(default_factory=dict)
    # A part's own rules (clinic.handout.part_render) are a handful of strings used on every part render.
    extras: dict[str, CSS] = field(default_factory=dict)
    # WeasyPrint's font configuration is not documented as thread-safe, so
    # renders in one process take turns; processes (gunicorn workers) do not wait.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self) -> None:
        from weasyprint import CSS

        from clinic.handout.fetcher import StaticOnlyFetcher

        fetcher = StaticOnlyFetcher(self.static_root)
        css_path = self.static_root / STYLESHEET
        self.base = CSS(
            string=css_path.read_text(encoding="utf-8"),
            base_url=css_path.as_uri(),
            url_fetcher=fetcher,
            font_config=self.font_config,
        )
        for paper in PAPER_SIZES:
            for large_print in (False, True):
                self.variants[paper, large_print] = CSS(
                    string=page_css(paper, large_print), font_config=self.font_config
                )

    def for_options(self, options: HandoutOptions) -> list[CSS]:
        assert self.base is not None
        sheets = [self.base, self.variants[options.paper, options.large_print]]
        if options.language != "en":
            if options.language not in self.footers:
                from weasyprint import CSS

                self.footers[options.language] = CSS(string=footer_css(options.language),
                                                     font_config=self.font_config)
            sheets.append(self.footers[options.language])
        return sheets

    def extra(self, rules: str) -> CSS:
        """``rules`` parsed once: a printed-from-parts handout lays out six documents with the same few."""
        sheet = self.extras.get(rules)
        if sheet is None:
            from weasyprint import CSS

            if len(self.extras) >= EXTRAS_KEPT:
                self.extras.clear()
            sheet = self.extras[rules] = CSS(string=rules, font_config=self.font_config)
        return sheet


def handout_styles(app: Flask | None = None) -> HandoutStyles:
    """This app's stylesheets, parsed on first use."""
    app = app or current_app
    styles = app.extensions.get(EXTENSION_KEY)
    if styles is None:
        styles = HandoutStyles(static_root=Path(app.static_folder or "").resolve())
        styles.load()
        app.extensions[EXTENSION_KEY] = styles
    return styles


def _identity(text: str, **variables: Any) -> str:
    return text % variables if variables else text


def link_context(link: PrintedLink | None) -> dict[str, str] | None:
    """The patient link as the templates print it: the QR code, and the address split where it may wrap.

    The token is kept on a line of its own so it never breaks inside a group.
    """
    if link is None:
        return None
    host, _, token = link.typed.partition("/p/")
    return {"url": link.url, "host": f"{host}/p/", "token": token, "qr": qr_data_uri(link.url)}


def render_html(snapshot: HandoutSnapshot | Mapping[str, Any], options: HandoutOptions, preview: bool = False,
                link: PrintedLink | None = None) -> str:
    """The handout as HTML, in the handout's language where translations exist.

    The context is worked out inside ``force_locale`` too: it holds words (tier
    titles, weekdays, the date) that gettext and Babel give in that language.
    A stored snapshot (of any schema) is read first. ``link`` is the patient
    link to print; it is not part of the snapshot, which must never hold it.
    """
    snapshot = read_snapshot(snapshot)
    if "babel" not in current_app.extensions:
        context = handout_context(snapshot, options)
        context["_"] = _identity  # before translations are set up, print the English
        return render_template("handout/handout.html", preview=preview, patient_link=link_context(link), **context)
    from flask_babel import force_locale

    with force_locale(options.language):
        context = handout_context(snapshot, options)
        page = render_template("handout/handout.html", preview=preview, patient_link=link_context(link), **context)
    return isolate_ltr_runs(page) if context["direction"] == "rtl" else page


def footer_css(language: str) -> str:
    """"Page 2 of 5" in the handout language: @page content cannot come from the HTML's text."""
    from flask_babel import force_locale, gettext

    with force_locale(language):
        words = gettext("Page %(page)s of %(pages)s")
    tokens = []
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", words):
        if piece == "%(page)s":
            tokens.append("counter(page)")
        elif piece == "%(pages)s":
            tokens.append("counter(pages)")
        elif piece:
            tokens.append('"' + piece.replace("\\", "").replace('"', "") + '"')
    return f"@page {{ @bottom-center {{ content: {' '.join(tokens)} }} }}"


def html_to_pdf(html: str, options: HandoutOptions, fetcher: StaticOnlyFetcher | None = None,
                extra_css: Sequence[str] = ()) -> bytes:
    """Lay out final handout HTML with the cached stylesheets, then ``extra_css`` (a part's own rules)."""
    from weasyprint import HTML

    from clinic.handout.collector import fewer_collections
    from clinic.handout.fetcher import StaticOnlyFetcher
    from clinic.handout.pdf_tags import finish_tags

    styles = handout_styles()
    fetcher = fetcher or StaticOnlyFetcher(styles.static_root)
    with styles.lock, fewer_collections(int(current_app.config.get("HANDOUT_GC_THRESHOLD", 0))):
        document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher)
        extra = [styles.extra(rules) for rules in extra_css]
        pdf = document.write_pdf(
            stylesheets=[*styles.for_options(options), *extra],
            font_config=styles.font_config,
            pdf_variant=PDF_VARIANT,
            pdf_identifier=b"clinic-handout",
        )
        assert pdf is not None
        return finish_tags(pdf)


def render_pdf(
    snapshot: HandoutSnapshot | Mapping[str, Any], options: HandoutOptions, fetcher: StaticOnlyFetcher | None = None,
    link: PrintedLink | None = None,
) -> bytes:
    """The handout as PDF bytes, from the snapshot and the patient link it prints."""
    return html_to_pdf(render_html(snapshot, options, link=link), options, fetcher)
