"""The whole runner's knee routine (13 exercises) printed once per paper and print size.

Printing 13 illustrated exercises costs seconds, so the layout and tagging tests share one
PDF per (paper, large print) for the whole test run; each test still gets its own database.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_html, render_pdf
from clinic.services.patient_links import PrintedLink
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.handout_support import page_texts

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


@pytest.fixture
def printed(patient, therapist):  # type: ignore[no-untyped-def]
    """``printed(paper, large)``: the routine's handout, rendered on first use."""
    programme = create_programme(patient, therapist, catalogue().protocols[ROUTINE], include_optional=True)
    db.session.commit()
    assert len(programme.items) == 13

    def get(paper: str, large: bool) -> Printed:
        if (paper, large) not in _printed:
            options = HandoutOptions(paper=paper, large_print=large)
            snapshot = build_snapshot(programme, therapist, options)
            pdf = render_pdf(snapshot, options, link=LINK)
            _printed[paper, large] = Printed(render_html(snapshot, options, link=LINK), pdf, page_texts(pdf))
        return _printed[paper, large]

    return get
