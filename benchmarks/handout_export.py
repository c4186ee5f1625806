"""Handout export: the app's whole path beside bare WeasyPrint and warm Chromium on the same HTML.

The app's path is a signed-in POST to the export route with the handout cache
emptied before each call (resolve, snapshot, template, render, record). The
baselines lay out the identical final HTML with the stylesheet inlined: bare
WeasyPrint with its defaults (a fresh parse of the CSS and fonts every time),
untagged and tagged (``pdf/ua-1``, as the app prints: untagged alone hid the
tagging's cost), and headless Chromium kept warm between prints, its CPU
counted over all its processes (``benchmarks.process_cpu``). A second export
of an unchanged programme measures the cache hit.
"""

from __future__ import annotations

import gc
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from benchmarks.context import BenchContext
from benchmarks.environment import THERAPIST_EMAIL, handout_programme, sign_in, therapist
from benchmarks.harness import Row, compare, compare_cpu, same_samples, time_calls
from benchmarks.part_mix import hit_rate_rows, part_cache_rows
from benchmarks.process_cpu import tree_cpu_seconds
from clinic.handout.collector import freeze_worker
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import PDF_VARIANT, STYLESHEET, handout_styles, page_css, render_html

GROUP = "handout export"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--no-first-run"]
CACHE_HIT_TARGET_MS = 10


def standalone_html(app: Flask, programme_id: int, options: HandoutOptions) -> tuple[str, str]:
    """The export's final HTML with the stylesheet inlined, and the base URL its fonts resolve against."""
    from clinic.db import db
    from clinic.models import Programme

    with app.test_request_context():
        programme = db.session.get(Programme, programme_id)
        html = render_html(build_snapshot(programme, therapist(), options), options)
        css_path = handout_styles().static_root / STYLESHEET
        db.session.remove()
    style = f"<style>{css_path.read_text(encoding='utf-8')}\n{page_css(options.paper, options.large_print)}</style>"
    return html.replace("</head>", f"{style}</head>", 1), css_path.as_uri()


def bare_weasyprint(html: str, base_url: str, tagged: bool = False) -> bytes:
    """WeasyPrint with its defaults; ``tagged`` asks for the PDF/UA tag tree the app's handout has."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT if tagged else None)


@dataclass
class Baselines:
    """What the app's export is held against, for one handout size."""

    bare: Row
    tagged: Row
    chromium: Row | None


def measure_baselines(group: str, label: str, html: str, base_url: str, repeats: int,
                      printer: ChromiumPrinter | None) -> Baselines:
    bare = Row(group, f"{label}: bare WeasyPrint", "ms",
               time_calls(lambda: bare_weasyprint(html, base_url), repeats))
    tagged = Row(group, f"{label}: bare WeasyPrint, tagged (pdf/ua-1)", "ms",
                 time_calls(lambda: bare_weasyprint(html, base_url, tagged=True), repeats))
    compare(tagged, bare, "bare")
    chromium = None
    if printer is not None:
        chromium = Row(group, f"{label}: warm Chromium, CPU of all its processes", "ms",
                       time_calls(lambda: printer.print(html, base_url), repeats, cpu_clock=tree_cpu_seconds))
        compare_cpu(chromium, tagged, "bare tagged")
    return Baselines(bare, tagged, chromium)


def export_rows(app_row: Row, baselines: Baselines) -> list[Row]:
    """The baselines, the export against tagged bare WeasyPrint, and its CPU against warm Chromium."""
    rows = [baselines.bare, baselines.tagged, compare(app_row, baselines.tagged, "bare tagged")]
    if baselines.chromium is not None:
        rows.append(baselines.chromium)
        against_browser = same_samples(app_row, app_row.name.replace("app export", "app export, CPU vs warm Chromium"))
        rows.append(compare_cpu(against_browser, baselines.chromium, "Chromium"))
    return rows


class ChromiumPrinter:
    """One browser and one page kept open, so each print pays only for load and layout."""

    def __init__(self, folder: Path) -> None:
        from playwright.sync_api import sync_playwright

        self.folder = folder
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self._page = self._browser.new_page()

    def print(self, html: str, base_url: str) -> bytes:
        page_file = self.folder / "handout.html"
        page_file.write_text(html.replace("<head>", f'<head><base href="{base_url}">', 1), encoding="utf-8")
        self._page.goto(page_file.as_uri(), wait_until="load")
        return self._page.pdf(prefer_css_page_size=True, print_background=True)

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()


def chromium_printer(ctx: BenchContext) -> ChromiumPrinter | None:
    if not ctx.sizes.chromium or not Path(CHROMIUM).exists():
        return None
    try:
        return ChromiumPrinter(ctx.scratch("chromium"))
    except Exception as problem:  # noqa: BLE001  (a missing driver must not stop the other figures)
        ctx.notes.append(f"Chromium baseline skipped: {problem}")
        return None


def measure_export(group: str, label: str, app: Flask, export: Any, repeats: int) -> list[Row]:
    """The export as a worker runs it (frozen, fewer collections during a render) and with the collector untouched.

    The cache is emptied before each call, so every call renders. The untouched
    figure is today's render before issue 17's collector change; its rows are
    the export (held against the baselines by ``export_rows``) first.
    """
    cache_folder = Path(app.instance_path) / "handout-cache"

    def empty() -> None:
        shutil.rmtree(cache_folder, ignore_errors=True)

    threshold = app.config["HANDOUT_GC_THRESHOLD"]
    app.config["HANDOUT_GC_THRESHOLD"] = 0
    untouched = Row(group, f"{label}: app export, collector untouched", "ms",
                    time_calls(export, repeats, before=empty))
    app.config["HANDOUT_GC_THRESHOLD"] = threshold
    freeze_worker(app)
    try:
        tuned = Row(group, f"{label}: app export", "ms", time_calls(export, repeats, before=empty))
    finally:
        gc.unfreeze()
    gain = compare_cpu(same_samples(tuned, f"{label}: app export, gc.freeze + gen-0 threshold {threshold:,}"),
                       untouched, "collector untouched")
    return [tuned, untouched, gain]


def _export_call(app: Flask, programme_id: int) -> Any:
    client = app.test_client()
    with app.app_context():
        sign_in(client, therapist())

    def export() -> bytes:
        response = client.post(f"/programmes/{programme_id}/export")
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), response.status_code
        return response.data

    return export


def run(ctx: BenchContext) -> list[Row]:
    app = ctx.world.app("handout-instance")
    printer = chromium_printer(ctx)
    rows: list[Row] = []
    try:
        for count in ctx.sizes.exercise_counts:
            rows += _one_size(ctx, app, count, printer)
        rows += hit_rate_rows("part cache", app, THERAPIST_EMAIL)
    finally:
        if printer is not None:
            printer.close()
    return rows


def _one_size(ctx: BenchContext, app: Flask, count: int, printer: ChromiumPrinter | None) -> list[Row]:
    with app.app_context():
        programme_id = handout_programme(count).id
    export = _export_call(app, programme_id)
    label = f"{count} exercises"
    app_row, *collector = measure_export(GROUP, label, app, export, ctx.sizes.repeats)
    html, base_url = standalone_html(app, programme_id, HandoutOptions())
    baselines = measure_baselines(GROUP, label, html, base_url, ctx.sizes.repeats, printer)
    ctx.shared[f"bare_weasyprint_ms_{count}"] = baselines.bare.summarise().median
    rows = export_rows(app_row, baselines) + collector
    rows += part_cache_rows(GROUP, label, app, export, ctx.sizes.repeats, app_row, baselines.chromium)
    if count == max(ctx.sizes.exercise_counts):
        rows.append(_cache_hit(export, app_row, ctx.sizes.repeats, label))
    return rows


def _cache_hit(export: Any, miss: Row, repeats: int, label: str) -> Row:
    """Export the unchanged programme again: the PDF comes from the cache (kept warm by the call above)."""
    export()
    hit = Row("re-export", f"{label}, unchanged (cache hit)", "ms", time_calls(export, repeats * 2),
              target=f"p95 < {CACHE_HIT_TARGET_MS} ms")
    hit.summarise()
    hit.met = hit.p95 is not None and hit.p95 < CACHE_HIT_TARGET_MS
    return compare(hit, miss, "export")
