"""The whole runner's knee routine (13 exercises) printed once per paper and print size.

Printing 13 illustrated exercises costs seconds, so the layout and tagging tests share one
PDF per (paper, large print) for the whole test run; each test still gets its own database.
Under pytest-xdist the run's workers share it too: the first to ask prints it and leaves it
in the run's temporary folder, and the others wait for that file and read it.
"""

from __future__ import annotations

import fcntl
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_html, render_pdf
from clinic.services.patient_links import PrintedLink
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.handout_support import page_texts
from tests.parallel import worker_name

ROUTINE = "runners_knee.routine"
# A link as long as a real one, so the layout is measured with the QR block printed.
LINK = PrintedLink(url="https://exercise.example-clinic.org/p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23",
                   typed="exercise.example-clinic.org/p/abcd-efgh-ijkl-mnop-qrst-uvwx-yz23")


@dataclass(frozen=True)
class Printed:
    html: str
    pdf: bytes
    pages: list[str]


_printed: dict[tuple[str, bool], Printed] = {}


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, which every xdist worker's own folder sits in."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if worker_name() else base


def _once_per_run(folder: Path, name: str, make: Callable[[], Printed]) -> Printed:
    """``make()``'s result, made by the first process of the run to ask; the rest wait and read it."""
    done = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if done.exists():
            return pickle.loads(done.read_bytes())
        made = make()
        done.write_bytes(pickle.dumps(made))
        return made


@pytest.fixture
def printed(patient, therapist, tmp_path_factory):  # type: ignore[no-untyped-def]
    """``printed(paper, large)``: the routine's handout, rendered on first use."""
    programme = create_programme(patient, therapist, catalogue().protocols[ROUTINE], include_optional=True)
    db.session.commit()
    assert len(programme.items) == 13

    def make(paper: str, large: bool) -> Printed:
        options = HandoutOptions(paper=paper, large_print=large)
        snapshot = build_snapshot(programme, therapist, options)
        pdf = render_pdf(snapshot, options, link=LINK)
        return Printed(render_html(snapshot, options, link=LINK), pdf, page_texts(pdf))

    def get(paper: str, large: bool) -> Printed:
        if (paper, large) not in _printed:
            _printed[paper, large] = _once_per_run(_run_folder(tmp_path_factory), f"routine-{paper}-{large}",
                                                   lambda: make(paper, large))
        return _printed[paper, large]

    return get
