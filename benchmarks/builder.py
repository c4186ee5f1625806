"""Builder actions through the signed-in Flask test client, against the seeded database.

No app context is held open between requests, so every request opens and
closes its own database session as it would under a real server. Baseline: a
static file from the same app in the same run (routing, session, sign-in and
headers, but no work).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import cycle

from flask import Flask
from flask.testing import FlaskClient

from benchmarks.context import BenchContext
from benchmarks.environment import sign_in, therapist
from benchmarks.harness import Row, compare, time_calls
from clinic.db import db
from clinic.models import Programme, ProgrammeItem
from clinic.services.library_search import Query, search
from clinic.state import catalogue

GROUP = "builder"
TARGET_MS = 50


class ProgrammeEditor:
    """Sends edits the way builder.js does: each with the version the last answer gave."""

    def __init__(self, client: FlaskClient, programme_id: int, version: int) -> None:
        self.client = client
        self.programme_id = programme_id
        self.version = version

    def post(self, path: str, **form: str) -> None:
        response = self.client.post(f"/programmes/{self.programme_id}{path}",
                                    data={**form, "version": str(self.version)})
        assert response.status_code == 200, (path, response.status_code)
        self.version = int(response.headers["X-Programme-Version"])

    def get(self, path: str, **headers: str) -> None:
        response = self.client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)


def _seeded_programmes(app: Flask) -> tuple[int, list[tuple[int, int]]]:
    """The bench therapist's id and two of their clinic's seeded programmes (id, version)."""
    with app.app_context():
        user = therapist()
        rows = db.session.execute(
            db.select(Programme.id, Programme.version).filter_by(clinic_id=user.clinic_id, is_template=False)
            .order_by(Programme.id).limit(2)
        ).all()
        return user.id, [(r.id, r.version) for r in rows]


Action = tuple[Callable[[], None], Callable[[], None] | None]


def _undo_last_add(app: Flask, editor: ProgrammeEditor, seeded: int) -> Callable[[], None]:
    """Untimed, before each add: take the last added item out again, so every add meets a seeded-size programme."""

    def undo() -> None:
        with app.app_context():
            ids = list(db.session.execute(
                db.select(ProgrammeItem.id).filter_by(programme_id=editor.programme_id).order_by(ProgrammeItem.id)
            ).scalars())
        if len(ids) > seeded:
            editor.post(f"/items/{ids[-1]}/remove")

    return undo


def actions(app: Flask, client: FlaskClient) -> dict[str, Action]:
    """Each builder action as (call, untimed preparation); adding uses a programme of its own."""
    _, ((grow_id, grow_version), (edit_id, edit_version)) = _seeded_programmes(app)
    grow = ProgrammeEditor(client, grow_id, grow_version)
    edit = ProgrammeEditor(client, edit_id, edit_version)
    with app.app_context():
        item_ids = list(db.session.execute(
            db.select(ProgrammeItem.id).filter_by(programme_id=edit_id).order_by(ProgrammeItem.position)
        ).scalars())
        additions = cycle([e.id for e in search(catalogue(), Query(text="bridge"), limit=200)]
                          or list(catalogue().exercises))
    reps = cycle(["8", "10", "12", "15"])
    flips = cycle([item_ids, item_ids[::-1]])
    return {
        "library search": (lambda: edit.get(f"/library?q=bridge&programme={edit_id}", **{"HX-Request": "true"}),
                           None),
        # The filters a therapist narrows the whole shipped library with (packs, region, equipment).
        "library filters (pack, region, equipment)": (
            lambda: edit.get(f"/library?plugin=low_back_pain&region=low_back&equipment=none&programme={edit_id}",
                             **{"HX-Request": "true"}), None),
        "open builder page": (lambda: edit.get(f"/programmes/{edit_id}"), None),
        "add exercise": (lambda: grow.post("/items", exercise_id=next(additions)),
                         _undo_last_add(app, grow, len(item_ids))),
        "change dosage": (lambda: edit.post(f"/items/{item_ids[0]}/dosage", sets="3", reps=next(reps)), None),
        "reorder (drag and drop)": (lambda: edit.post("/reorder", order=json.dumps({"strength": next(flips)})),
                                    None),
        "preview": (lambda: edit.get(f"/programmes/{edit_id}/preview"), None),
    }


def run(ctx: BenchContext) -> list[Row]:
    app = ctx.world.app("builder-instance")
    client = app.test_client()
    with app.app_context():
        sign_in(client, therapist())
    repeats = ctx.sizes.repeats * 2  # cheap calls: more samples make a steadier p95
    static = Row(GROUP, "static file (baseline)", "ms",
                 time_calls(lambda: ProgrammeEditor(client, 0, 0).get("/static/css/app.css"), repeats))
    rows = [static]
    for name, (action, before) in actions(app, client).items():
        samples = time_calls(action, repeats, before=before)
        row = compare(Row(GROUP, name, "ms", samples, target=f"p95 < {TARGET_MS} ms"), static, "static")
        row.met = row.p95 is not None and row.p95 < TARGET_MS
        rows.append(row)
    return rows
