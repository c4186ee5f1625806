"""Helpers for the patient link tests: issue a real handout and read its link back from the PDF."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import IssuedHandout
from tests.handout_support import page_texts

PRINTED_ADDRESS = re.compile(r"(\S+)/p/ ?((?:[a-z2-7]{4}-){6}[a-z2-7]{4})")


def export(client: FlaskClient, programme_id: int) -> tuple[IssuedHandout, bytes]:
    """Issue the programme's handout through the export route, as the builder does."""
    response = client.post(f"/programmes/{programme_id}/export")
    assert response.status_code == 200, response.data[:300]
    handout = db.session.execute(db.select(IssuedHandout).order_by(IssuedHandout.id.desc()).limit(1)).scalar_one()
    return handout, response.data


def printed_paths(pdf: bytes) -> list[tuple[int, str]]:
    """Every patient-link address printed in the PDF, as (page number from 1, path to open)."""
    found = []
    for number, text in enumerate(page_texts(pdf), start=1):
        found += [(number, f"/p/{m.group(2)}") for m in PRINTED_ADDRESS.finditer(text)]
    return found


def printed_path(pdf: bytes) -> str:
    """The one patient-link path a handout prints (on page 1 and the log sheet)."""
    paths = {path for _, path in printed_paths(pdf)}
    assert len(paths) == 1, paths
    return paths.pop()
