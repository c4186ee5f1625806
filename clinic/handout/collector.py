"""Stop paying Python's cyclic garbage collector for objects that live as long as the worker.

A render allocates hundreds of thousands of small objects (boxes, styles,
text runs), and each young-generation collection walks them *and*, every few
rounds, everything the worker holds for good: the catalogue, parsed
stylesheets, fonts, templates. Profiled at 10-25 exercises the collector took
16-17% of a render's CPU. Two measures, each measured in ``benchmarks/``:

- ``freeze_worker`` moves everything alive once a worker is warm into the
  permanent generation (``gc.freeze``), so collections stop re-walking it;
- ``fewer_collections`` raises the gen-0 threshold during a render and puts
  it back after, so a render's short-lived garbage is swept a few times, not
  hundreds. Reference counting still frees almost all of it at once; only
  cycles wait, and only until the render ends.

Neither changes what is printed (tests/test_handout_collector.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask


@contextmanager
def fewer_collections(threshold0: int) -> Iterator[None]:
    """Raise the gen-0 threshold to ``threshold0`` inside the block (0 or below: leave it as it is).

    The thresholds are process-wide; renders in one process take turns (the
    styles lock), and the old values are restored even when the render fails.
    """
    if threshold0 <= 0:
        yield
        return
    before = gc.get_threshold()
    gc.set_threshold(max(threshold0, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_worker(app: Flask) -> None:
    """Warm what every render reuses, then freeze all that is alive into the permanent generation.

    Called once a worker has started (``clinic.wsgi``); under ``gunicorn
    --preload`` that is before the fork, so frozen pages are also shared
    copy-on-write between workers (a collection no longer touches them).
    """
    from clinic.handout.render import handout_styles
    from clinic.handout.render_version import render_version

    handout_styles(app)
    render_version(app)
    gc.collect()
    gc.freeze()
