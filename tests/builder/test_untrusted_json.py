"""Issue 14 finding 7: JSON from a form or a file never reaches the database with what it cannot hold.

A NUL written as ``\\u0000`` (PostgreSQL refuses it in text) in a programme
file or in an undo, and odd positions in an undo, are clear 400s that save
nothing, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import io
import json

import pytest

from clinic.db import db
from clinic.models import Programme, ProgrammeItem

UNDO_REFUSED = "could not be put back"


def _removed(signed_in, programme: Programme) -> dict:
    """Remove the bridge through the view and return the undo data the page was given."""
    bridge = next(i for i in programme.items if i.exercise_id == "kit.bridge")
    removed = signed_in.post(f"/programmes/{programme.id}/items/{bridge.id}/remove",
                             data={"version": programme.version})
    assert removed.status_code == 200
    data = removed.get_data(as_text=True).split("hx-vals='", 1)[1].split("'", 1)[0]
    return json.loads(json.loads(data)["data"])


def _item_count(programme: Programme) -> int:
    return db.session.execute(db.select(db.func.count(ProgrammeItem.id))
                              .filter_by(programme_id=programme.id)).scalar_one()


@pytest.mark.parametrize("position", ["-1", "1e309", "NaN", "Infinity", '" 12 "', '"12"', str(10**30),
                                      "10001", "true", "1.5", "null"])
def test_an_odd_position_in_an_undo_is_a_clear_400(signed_in, programme: Programme, position: str) -> None:
    undo = _removed(signed_in, programme)
    before = (_item_count(programme), programme.version)
    body = json.dumps({**undo, "position": "@"}).replace('"@"', position)
    response = signed_in.post(f"/programmes/{programme.id}/items/restore",
                              data={"data": body, "version": programme.version})
    assert response.status_code == 400
    assert UNDO_REFUSED in response.get_data(as_text=True)
    db.session.expire_all()
    assert (_item_count(programme), db.session.get(Programme, programme.id).version) == before


def test_a_nul_in_an_undo_is_a_clear_400(signed_in, programme: Programme) -> None:
    undo = _removed(signed_in, programme)
    before = _item_count(programme)
    body = json.dumps({**undo, "note": "a\x00b"})
    assert "\\u0000" in body
    response = signed_in.post(f"/programmes/{programme.id}/items/restore",
                              data={"data": body, "version": programme.version})
    assert response.status_code == 400 and UNDO_REFUSED in response.get_data(as_text=True)
    assert _item_count(programme) == before


def test_the_undo_itself_still_works(signed_in, programme: Programme) -> None:
    undo = _removed(signed_in, programme)
    before = _item_count(programme)
    response = signed_in.post(f"/programmes/{programme.id}/items/restore",
                              data={"data": json.dumps(undo), "version": programme.version})
    assert response.status_code == 200 and _item_count(programme) == before + 1


@pytest.mark.parametrize("field", ["title", "goal", "note"])
def test_a_nul_in_a_programme_file_is_a_clear_400(signed_in, programme: Programme, patient, field: str) -> None:
    data = signed_in.get(f"/programmes/{programme.id}/export.json").get_json()
    if field == "note":
        data["items"][0]["note"] = "bad\x00note"
    else:
        data[field] = "bad\x00" + field
    body = json.dumps(data).encode()
    programmes = db.session.execute(db.select(db.func.count(Programme.id))).scalar_one()
    response = signed_in.post(f"/patients/{patient.id}/programmes/import",
                              data={"file": (io.BytesIO(body), "programme.json")},
                              content_type="multipart/form-data")
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Programme.id))).scalar_one() == programmes
