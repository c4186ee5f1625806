"""Issue 14, finding 4: what a record brings in is checked, and what is stored never breaks a page.

A record is validated by the same ProgrammeContent as every other writer, and
refused with a message that names the field. Rows that are wrong already (older
code, a restore, a hand edit) are written here straight into the database with
SQL, past every check, and each page that reads a programme must still answer.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import Patient, Programme, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.session_helpers import sign_in

RECORD = json.loads((Path(__file__).parent / "data" / "patient_record_version1.json").read_text())


def _record_with(change) -> bytes:  # noqa: ANN001
    record = copy.deepcopy(RECORD)
    record["handouts"] = []
    change(record["programmes"][0])
    return json.dumps(record).encode()


def _upload(client: FlaskClient, body: bytes):  # noqa: ANN202
    return client.post("/patients/import", data={"record": (io.BytesIO(body), "record.json")},
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("change", "named"), [
    (lambda p: p["items"][1].update(dosage={"sets": "abc"}),
     "programme 1, exercise 2, dosage, sets: &#39;abc&#39; is not a number or a range like 2-3"),
    (lambda p: p["items"][1].update(dosage={"bogus": 1}),
     "programme 1, exercise 2, dosage, bogus: is not something clinic can store here"),
    (lambda p: p["items"][1].update(dosage={"sets": 50}), "sets above 10 is not a home dose"),
    (lambda p: p["items"][1].update(level=20), "programme 1, exercise 2, level: must be 3 or less"),
    (lambda p: p["items"][1].update(section="Not a key!"), "section: must be lower-case letters"),
    (lambda p: p["extras"].update(sections=[{"title": "No key"}]), "programme 1, sections, line 1, key: is missing"),
    (lambda p: p["extras"].update(sections="strength"), "programme 1, sections: must be a list"),
    (lambda p: p["schedule"].append({"what": ["stretches"]}), "programme 1, schedule, line 3, when: is missing"),
    (lambda p: p.update(pain_rule={"ceiling": 30, "wording": "x"}), "programme 1, pain_rule, ceiling: must be 10"),
    (lambda p: p["referrals"].append({"tier": "someday", "text": "x"}), "programme 1, referrals, line 9, tier"),
])
def test_a_record_with_a_field_nobody_could_set_is_refused_naming_it(
        client: FlaskClient, therapist: User, change, named: str) -> None:  # noqa: ANN001
    sign_in(client, therapist)
    response = _upload(client, _record_with(change))
    assert response.status_code == 400
    assert named in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Patient.id))).scalar_one() == 0


def test_a_record_of_todays_code_still_imports(client: FlaskClient, therapist: User) -> None:
    sign_in(client, therapist)
    response = _upload(client, json.dumps(RECORD).encode())
    assert response.status_code == 302
    programme = db.session.execute(sa.select(Programme)).scalar_one()
    assert programme.protocol_name == RECORD["programmes"][0]["extras"]["protocol_name"]


@pytest.fixture
def stored(app, patient: Patient, therapist: User) -> Programme:  # noqa: ANN001
    programme = create_programme(patient, therapist, catalogue().protocols["runners_knee.routine"])
    db.session.commit()
    return programme


BAD_ROWS = {
    "a dosage of sets 'abc'": ("programme_item", "dosage", {"sets": "abc", "reps": 12}),
    "a dosage field nobody knows": ("programme_item", "dosage", {"bogus": 1}),
    "a dosage that is not an object": ("programme_item", "dosage", "three sets"),
    "level 20": ("programme_item", "level", 20),
    "a level the ladder lacks": ("programme_item", "level", -3),
    "a section that is no key": ("programme_item", "section", "Not a key!"),
    "sections without keys": ("programme", "sections", [{"title": "Strength"}]),
    "sections as text": ("programme", "sections", "strength"),
    "no sections at all": ("programme", "sections", []),
    "a schedule line with no when": ("programme", "schedule", [{"what": ["stretches"]}]),
    "a schedule that is an object": ("programme", "schedule", {"when": "daily"}),
    "a pain rule without a ceiling": ("programme", "pain_rule", {"wording": "Stop if it hurts."}),
    "a referral without a tier": ("programme", "referrals", [{"text": "Call us"}, 7]),
    "flare-up rows of numbers": ("programme", "flare_up", [1, 2]),
    "mistakes that are not text": ("programme", "mistakes", [{"x": 1}, ""]),
    "a goal longer than any writer takes": ("programme", "goal", "g" * 25_000),
    "a note longer than any writer takes": ("programme_item", "note", "n" * 25_000),
}
PLAIN_COLUMNS = ("level", "section", "goal", "note")


def _write_raw(programme: Programme, table: str, column: str, value: object) -> None:
    """Past the model and its checks, as a restore or older code could have left the row."""
    row_id = programme.items[1].id if table == "programme_item" else programme.id
    stored_value = value if column in PLAIN_COLUMNS else json.dumps(value)
    db.session.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),  # noqa: S608
                       {"value": stored_value, "id": row_id})
    db.session.commit()
    db.session.expire_all()


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_every_page_that_reads_a_stored_programme_answers_despite_a_bad_row(
        client: FlaskClient, therapist: User, stored: Programme, case: str) -> None:
    _write_raw(stored, *BAD_ROWS[case])
    sign_in(client, therapist)
    pid, patient_id = stored.id, stored.patient_id
    pages = {
        "builder": client.get(f"/programmes/{pid}"),
        "changes": client.get(f"/programmes/{pid}/changes"),
        "preview": client.get(f"/programmes/{pid}/preview"),
        "language check": client.get(f"/programmes/{pid}/language-check?language=es"),
        "programme file": client.get(f"/programmes/{pid}/export.json"),
        "record": client.get(f"/patients/{patient_id}/record.json"),
        "FHIR": client.get(f"/patients/{patient_id}/record.fhir.json"),
        "export": client.post(f"/programmes/{pid}/export"),
    }
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    assert pages["export"].mimetype == "application/pdf"
    # what could be read is still there: the other exercises, the protocol's other parts
    assert "Clamshell" in pages["builder"].get_data(as_text=True)
    # and what the pages gave out imports again: the bad part did not travel on
    assert _upload(client, pages["record"].get_data()).status_code == 302


def test_a_bad_row_is_read_as_what_can_be_used(stored: Programme) -> None:
    _write_raw(stored, "programme", "schedule", [{"what": ["x"]}, {"when": "Every day", "what": ["walk"]}])
    _write_raw(stored, "programme_item", "dosage", {"sets": "abc", "reps": 12})
    programme = db.session.get(Programme, stored.id)
    assert [e["when"] for e in programme.schedule] == ["Every day"]
    assert programme.items[1].dosage == {"reps": {"low": 12}}
    # nothing was rewritten by reading: the row keeps what it held until that part is saved again
    raw = db.session.execute(sa.text("SELECT dosage FROM programme_item WHERE id = :id"),
                             {"id": programme.items[1].id}).scalar_one()
    assert (json.loads(raw) if isinstance(raw, str) else raw) == {"sets": "abc", "reps": 12}


def test_a_writer_that_breaks_the_rules_fails_at_the_write(stored: Programme) -> None:
    stored.schedule = [{"what": ["no when"]}]
    with pytest.raises(sa.exc.StatementError, match="programme schedule refused: 0.when"):
        db.session.commit()
    db.session.rollback()
    stored.items[0].level = 20
    with pytest.raises(sa.exc.StatementError, match="level 20 refused"):
        db.session.commit()
