"""The therapist's everyday pages: the patient list, live search, a patient's page, signing in.

Against the seeded world (1,000 patients per clinic, 5 programmes each). The
baseline is a static file from the same app in the same run. Signing in is
dominated by one scrypt password check, which is slow on purpose. Viewing a
patient writes an audit event, so that page pays for one commit.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from benchmarks.context import BenchContext
from benchmarks.environment import THERAPIST_EMAIL, sign_in, therapist
from benchmarks.harness import Row, compare, time_calls
from clinic.db import db
from clinic.models import Patient

GROUP = "patients"
PAGE_TARGET_MS = 50
SIGN_IN_TARGET_MS = 1000  # once a day per person; scrypt costs ~100 ms of CPU by design
BENCH_PASSWORD = "bench-password"  # what clinic.services.bench_data gives every bench user


def _ok(client: FlaskClient, path: str, status: int = 200, **headers: str) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == status, (path, response.status_code)


def _first_patient_id(app: Flask) -> int:
    with app.app_context():
        user = therapist()
        return db.session.execute(
            db.select(Patient.id).filter_by(clinic_id=user.clinic_id).order_by(Patient.id).limit(1)
        ).scalar_one()


def _sign_in_rows(app: Flask, repeats: int, static: Row) -> Row:
    client = app.test_client()

    def sign_in_by_password() -> None:
        response = client.post("/login", data={"email": THERAPIST_EMAIL, "password": BENCH_PASSWORD})
        assert response.status_code == 302 and response.location == "/patients", response.status_code

    row = Row(GROUP, "sign in (scrypt password check)", "ms",
              time_calls(sign_in_by_password, repeats, before=lambda: client.post("/logout")),
              target=f"p95 < {SIGN_IN_TARGET_MS} ms")
    compare(row, static, "static")
    row.met = row.p95 is not None and row.p95 < SIGN_IN_TARGET_MS
    return row


def run(ctx: BenchContext) -> list[Row]:
    app = ctx.world.app("patients-instance")
    client = app.test_client()
    with app.app_context():
        sign_in(client, therapist())
    patient_id = _first_patient_id(app)
    repeats = ctx.sizes.repeats * 2
    static = Row(GROUP, "static file (baseline)", "ms", time_calls(lambda: _ok(client, "/static/css/app.css"), repeats))
    pages = {
        "patient list (first 200 of the clinic)": lambda: _ok(client, "/patients"),
        "live search (htmx fragment)": lambda: _ok(client, "/patients?q=patient%2012", **{"HX-Request": "true"}),
        "patient page (programmes, handouts, audit write)": lambda: _ok(client, f"/patients/{patient_id}"),
    }
    rows = [static]
    for name, action in pages.items():
        row = compare(Row(GROUP, name, "ms", time_calls(action, repeats), target=f"p95 < {PAGE_TARGET_MS} ms"),
                      static, "static")
        row.met = row.p95 is not None and row.p95 < PAGE_TARGET_MS
        rows.append(row)
    rows.append(_sign_in_rows(app, ctx.sizes.repeats, static))
    return rows
