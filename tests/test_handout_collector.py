"""Issue 17, step 3: freezing the worker and collecting less during a render print the same handout."""

from __future__ import annotations

import gc

import pytest
from flask import Flask

from clinic.handout.collector import fewer_collections, freeze_worker
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.models import Patient, User
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, page_texts


def test_the_threshold_is_raised_inside_and_restored_after_even_on_failure() -> None:
    before = gc.get_threshold()
    with fewer_collections(50_000):
        assert gc.get_threshold() == (50_000, *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections(50_000):
        raise RuntimeError("a render failed")
    assert gc.get_threshold() == before
    with fewer_collections(0):
        assert gc.get_threshold() == before


def test_the_handout_is_the_same_with_and_without_the_collector_changes(
    app: Flask, patient: Patient, therapist: User
) -> None:
    options = HandoutOptions(large_print=True)
    snapshot = build_snapshot(demo_programme(patient, therapist), therapist, options)
    app.config["HANDOUT_GC_THRESHOLD"] = 0
    plain = render_pdf(snapshot, options)
    app.config["HANDOUT_GC_THRESHOLD"] = 100_000
    freeze_worker(app)
    try:
        assert gc.get_freeze_count() > 0
        tuned = render_pdf(snapshot, options)
    finally:
        gc.unfreeze()  # the rest of the suite runs with an ordinary collector
    assert len(page_texts(plain)) == len(page_texts(tuned)) > 3
    assert page_texts(tuned) == page_texts(plain)
    assert tuned == plain  # renders are byte-stable, so nothing at all changed
