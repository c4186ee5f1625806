"""Lay out the parts of every protocol's default pick ahead of time, so a clinic's first patient hits.

For each protocol a throw-away patient and programme are made inside a
savepoint, printed from parts (which stores the parts that were missing in
the clinic's part cache), and rolled back: nothing is recorded or audited,
and only the parts, which hold no patient data, stay on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.db import db
from clinic.exercise_data import Protocol
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.part_render import print_in_parts
from clinic.handout.render import render_html
from clinic.models import Clinic, Patient
from clinic.services.programmes import create_programme
from clinic.state import catalogue

PLACEHOLDER = "Prefill Placeholder"


@dataclass(frozen=True)
class Prefilled:
    protocol: str
    laid_out: int  # parts that were missing and are now cached
    already: int  # parts found in the cache


def prefill_parts(clinic: Clinic, options: HandoutOptions) -> list[Prefilled]:
    """Fill ``clinic``'s part cache with each protocol's default pick printed with ``options``."""
    return [prefill_protocol(clinic, protocol, options)
            for protocol in sorted(catalogue().protocols.values(), key=lambda p: p.id)]


def prefill_protocol(clinic: Clinic, protocol: Protocol, options: HandoutOptions) -> Prefilled:
    """One protocol's default pick: a render queue job each, so renders for patients wait for no more than one."""
    savepoint = db.session.begin_nested()
    try:
        patient = Patient(clinic_id=clinic.id, display_name=PLACEHOLDER)
        db.session.add(patient)
        db.session.flush()
        programme = create_programme(patient, None, protocol)
        db.session.flush()
        page = render_html(build_snapshot(programme, None, options), options)
        printed = print_in_parts(clinic.id, page, options)
    finally:
        savepoint.rollback()
    return Prefilled(protocol.id, printed.misses, printed.hits)
