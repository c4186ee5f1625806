"""The part cache's hit rate on a realistic mix, and the part-cache rows of the handout benchmarks.

The mix: for every protocol, four patients of one clinic, each programme
started from the protocol's default pick, then one left as it is, one as it
is again (a second patient given the same routine), one with a level changed,
one with an exercise added. Every handout is printed from parts; the rate is
the share of non-patient parts found in the cache. Measured from an empty
cache, and again after ``flask prefill-parts`` filled it.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from benchmarks.harness import Row, compare, compare_cpu, time_calls
from clinic.db import db
from clinic.handout.collector import freeze_worker
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.part_render import print_in_parts
from clinic.handout.render import render_html
from clinic.handout.render_version import EXTENSION_KEY
from clinic.models import Clinic, Patient, Programme, User
from clinic.services.programmes import add_exercise, create_programme
from clinic.state import catalogue

EDITS = ("as started", "as started, another patient", "a level changed", "an exercise added")
HIT_TARGET_VS_CHROMIUM = 0.7
MISS_TARGET_VS_EXPORT = 1.1
SIZE_TARGET_VS_EXPORT = 1.2  # above it the merge must share font subsets (clinic.handout.font_subsets)


def part_cache_switch(app: Flask, on: bool) -> None:
    """Turn printing from parts on or off; the render version (part of the file cache's key) follows."""
    app.config["HANDOUT_PART_CACHE"] = on
    app.extensions.pop(EXTENSION_KEY, None)


def _edited(programme: Programme, edit: str) -> None:
    library = catalogue()
    if edit == "a level changed":
        for item in programme.items:
            exercise = library.exercises.get(item.exercise_id)
            if exercise is not None and exercise.level(item.level + 1) is not None:
                item.level += 1
                return
    if edit == "an exercise added":
        present = {item.exercise_id for item in programme.items}
        extra = next((e for e in sorted(library.exercises) if e not in present), None)
        if extra is not None:
            add_exercise(programme, library, extra)


def mix_hits(app: Flask, clinic_id: int, user_email: str, options: HandoutOptions) -> tuple[int, int]:
    """(hits, misses) of the non-patient parts over the realistic mix, in ``clinic_id``'s part cache."""
    hits = misses = 0
    with app.test_request_context():
        therapist = db.session.execute(db.select(User).filter_by(email=user_email)).scalar_one()
        for protocol in sorted(catalogue().protocols.values(), key=lambda p: p.id):
            for number, edit in enumerate(EDITS):
                patient = Patient(clinic_id=clinic_id, display_name=f"Mix Patient{number} {protocol.id[-12:]}")
                db.session.add(patient)
                db.session.flush()
                programme = create_programme(patient, therapist, protocol)
                db.session.flush()
                _edited(programme, edit)
                db.session.flush()
                page = render_html(build_snapshot(programme, therapist, options), options)
                printed = print_in_parts(clinic_id, page, options)
                hits, misses = hits + printed.hits, misses + printed.misses
        db.session.rollback()
    return hits, misses


def hit_rate_rows(group: str, app: Flask, user_email: str) -> list[Row]:
    """The hit rate from an empty part cache and after prefill, each as a row of its own."""
    from clinic.handout.prefill import prefill_parts

    options = HandoutOptions()
    part_folder = Path(app.instance_path) / "part-cache"
    rows = []
    with app.app_context():
        clinic_id = db.session.execute(db.select(User.clinic_id).filter_by(email=user_email)).scalar_one()
    shutil.rmtree(part_folder, ignore_errors=True)
    hits, misses = mix_hits(app, clinic_id, user_email, options)
    rows.append(_rate_row(group, "part-cache hit rate, realistic mix, empty cache", hits, misses))
    shutil.rmtree(part_folder, ignore_errors=True)
    with app.test_request_context():
        prefill_parts(db.session.get(Clinic, clinic_id), options)
        db.session.rollback()
    hits, misses = mix_hits(app, clinic_id, user_email, options)
    rows.append(_rate_row(group, "part-cache hit rate, realistic mix, after prefill-parts", hits, misses))
    return rows


def _rate_row(group: str, name: str, hits: int, misses: int) -> Row:
    rate = 100 * hits / (hits + misses) if hits + misses else 0.0
    row = Row(group, name, "%", [rate], [])
    row.note = (f"{hits} of {hits + misses} parts from the cache "
                f"({len(EDITS)} programmes a protocol: {', '.join(EDITS)})")
    return row


def part_cache_rows(group: str, label: str, app: Flask, export: Callable[[], bytes], repeats: int,
                    today: Row, chromium: Row | None) -> list[Row]:
    """The export printed from parts: a hit (parts cached, whole-handout cache emptied) and a miss (both emptied).

    Measured as a worker runs (collector frozen), like the ``app export`` row
    they are held against.
    """
    handouts = Path(app.instance_path) / "handout-cache"
    parts = Path(app.instance_path) / "part-cache"
    whole_size = len(export())  # today's file, printed whole
    part_cache_switch(app, True)
    freeze_worker(app)
    try:
        miss = Row(group, f"{label}: part-cache miss", "ms", time_calls(
            export, repeats, before=lambda: (shutil.rmtree(handouts, True), shutil.rmtree(parts, True))))
        hit = Row(group, f"{label}: part-cache hit", "ms",
                  time_calls(export, repeats, before=lambda: shutil.rmtree(handouts, True)))
        shutil.rmtree(handouts, True)
        merged_size = len(export())
    finally:
        gc.unfreeze()
        part_cache_switch(app, False)
    compare_cpu(miss, today, "app export")
    miss.target = f"<= {MISS_TARGET_VS_EXPORT}x app export CPU"
    miss.met = miss.ratio is not None and miss.ratio <= MISS_TARGET_VS_EXPORT
    size = compare(Row(group, f"{label}: part-cache hit, file size", "KB", [merged_size / 1024]),
                   Row(group, "whole", "KB", [whole_size / 1024]), "app export's file")
    size.target = f"<= {SIZE_TARGET_VS_EXPORT}x app export's file"
    size.met = size.ratio is not None and size.ratio <= SIZE_TARGET_VS_EXPORT
    rows = [miss, hit, size]
    if chromium is not None:
        compare_cpu(hit, chromium, "Chromium")
        if not label.startswith("3 "):
            hit.target = f"<= {HIT_TARGET_VS_CHROMIUM}x Chromium CPU"
            hit.met = hit.ratio is not None and hit.ratio <= HIT_TARGET_VS_CHROMIUM
    else:
        compare_cpu(hit, today, "app export")
    return rows
