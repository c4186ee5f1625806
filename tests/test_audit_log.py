"""The audit log page's filters and its CSV export: admins only, one clinic only, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import AuditEvent, Patient, User
from tests.conftest import make_clinic
from tests.session_helpers import sign_in


@pytest.fixture
def trail(therapist: User) -> dict:
    """Events in two clinics, by two users, about a kept, an erased and a hostile-named patient."""
    admin = User(clinic_id=therapist.clinic_id, email="admin@example.org", name="Ada Admin", role="admin",
                 password_hash="x")
    hostile = Patient(clinic_id=therapist.clinic_id, display_name="=HYPERLINK(\"http://evil\")")
    kept = Patient(clinic_id=therapist.clinic_id, display_name="Kim Kept")
    db.session.add_all([admin, hostile, kept])
    db.session.flush()
    other_clinic, outsider = make_clinic("Other", "o@example.org")
    stamp = datetime(2026, 3, 4, 10, 0)
    events = [
        AuditEvent(clinic_id=therapist.clinic_id, user_id=therapist.id, action="view_patient", patient_id=kept.id,
                   at=stamp),
        AuditEvent(clinic_id=therapist.clinic_id, user_id=therapist.id, action="export_patient",
                   patient_id=kept.id, at=datetime(2026, 3, 5, 9, 0), detail={"format": "fhir"}),
        AuditEvent(clinic_id=therapist.clinic_id, user_id=admin.id, action="erase_patient", patient_id=999_001,
                   at=stamp),
        AuditEvent(clinic_id=therapist.clinic_id, user_id=admin.id, action="view_patient", patient_id=hostile.id,
                   at=stamp),
        AuditEvent(clinic_id=other_clinic.id, user_id=outsider.id, action="view_patient", patient_id=kept.id,
                   at=stamp, detail={"secret": "other clinic"}),
    ]
    db.session.add_all(events)
    db.session.commit()
    return {"admin": admin, "kept": kept, "hostile": hostile, "therapist": therapist}


def _csv(client: FlaskClient, **args: str) -> list[dict[str, str]]:
    response = client.get("/admin/audit.csv", query_string=args)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    # The export is recorded before the file is written, so an unfiltered file lists itself.
    return [r for r in rows if r["action"] != "export_audit_log"]


def test_therapists_may_not_export_the_trail(client: FlaskClient, trail: dict) -> None:
    sign_in(client, trail["therapist"])
    assert client.get("/admin/audit.csv").status_code == 403
    assert client.get("/admin/audit?patient=Kim").status_code == 403


def test_csv_holds_only_this_clinics_events_and_is_audited(client: FlaskClient, trail: dict) -> None:
    sign_in(client, trail["admin"])
    rows = _csv(client)
    assert len(rows) == 4
    assert "other clinic" not in str(rows)
    assert {r["action"] for r in rows} == {"view_patient", "export_patient", "erase_patient"}
    exported = db.session.execute(db.select(AuditEvent).filter_by(action="export_audit_log")).scalar_one()
    assert exported.user_id == trail["admin"].id
    assert exported.clinic_id == trail["admin"].clinic_id


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"patient": "Kim"}, {"view_patient", "export_patient"}),
        ({"patient": "999001"}, {"erase_patient"}),  # an erased patient, by number only
        ({"patient": "#999001"}, {"erase_patient"}),
        ({"action": "export_patient"}, {"export_patient"}),
        ({"since": "2026-03-05"}, {"export_patient"}),
        ({"until": "2026-03-04", "patient": "kim"}, {"view_patient"}),
        ({"patient": "%"}, set()),  # a LIKE wildcard is searched for literally
        ({"since": "not a date", "action": "erase_patient"}, {"erase_patient"}),
    ],
)
def test_filters(client: FlaskClient, trail: dict, args: dict, expected: set) -> None:
    sign_in(client, trail["admin"])
    assert {r["action"] for r in _csv(client, **args)} == expected


def test_filter_by_user(client: FlaskClient, trail: dict) -> None:
    sign_in(client, trail["admin"])
    rows = _csv(client, user=str(trail["admin"].id))
    assert {r["user"] for r in rows} == {"Ada Admin"} and len(rows) == 2


def test_a_formula_in_a_patient_name_stays_text_in_the_csv(client: FlaskClient, trail: dict) -> None:
    sign_in(client, trail["admin"])
    (row,) = _csv(client, patient=str(trail["hostile"].id))
    assert row["patient"] == "'=HYPERLINK(\"http://evil\")"


def test_page_filters_and_links_the_matching_csv(client: FlaskClient, trail: dict) -> None:
    sign_in(client, trail["admin"])
    page = client.get("/admin/audit", query_string={"patient": "Kim", "action": "export_patient"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "export patient" in html and "erased" not in html
    assert "/admin/audit.csv?" in html and "action=export_patient" in html
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert "#999001 (erased)" in everything
    assert "other clinic" not in everything
