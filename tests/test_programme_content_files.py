"""Both file formats carry ProgrammeContent in one envelope, and files of today's code still import.

The two files in tests/data were exported by the code before ProgrammeContent
(``"schema": 1`` programme file, ``"version": 1`` patient record); they must
give the programme they were exported from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic.db import db
from clinic.models import Patient, Programme, User
from clinic.models.content import ProgrammeContent
from clinic.services import records
from clinic.services.patient_text import shared_content
from clinic.services.programme_files import ImportProblem, export_programme, import_programme
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.conftest import make_clinic

DATA = Path(__file__).parent / "data"
OLD_FILE = json.loads((DATA / "programme_file_schema1.json").read_text())
OLD_RECORD = json.loads((DATA / "patient_record_version1.json").read_text())
EXTRAS = ("protocol_name", "sections", "activity_changes", "mistakes", "flare_up")


def _as_old_file_shows_it(programme: Programme) -> dict:
    """The programme in the words of the schema-1 file, to compare with it."""
    return {
        "title": programme.title, "goal": programme.goal, "protocol_id": programme.protocol_id,
        "pain_rule": programme.pain_rule, "referrals": programme.referrals,
        "schedule": [{k: v for k, v in e.items() if v is not None} for e in programme.schedule],
        "progression_rules": programme.progression_rules, "notes": programme.notes,
        "extras": {part: getattr(programme, part) for part in EXTRAS},
        "items": [{"exercise_id": i.exercise_id, "section": i.section, "level": i.level,
                   "dosage": i.dosage, "note": i.note} for i in programme.items],
    }


def _old_file_body() -> dict:
    body = {k: v for k, v in OLD_FILE.items() if k not in ("format", "schema")}
    body["schedule"] = [{k: v for k, v in e.items() if v is not None} for e in body["schedule"]]
    return body


def test_a_schema_1_programme_file_of_todays_code_imports_as_it_was(patient: Patient, therapist: User) -> None:
    programme = import_programme(json.dumps(OLD_FILE).encode(), patient, therapist, catalogue())
    db.session.commit()
    assert _as_old_file_shows_it(db.session.get(Programme, programme.id)) == _old_file_body()


def test_the_programme_file_is_the_content_in_its_envelope_and_reads_back(patient: Patient,
                                                                          therapist: User) -> None:
    original = import_programme(json.dumps(OLD_FILE).encode(), patient, therapist, catalogue())
    db.session.commit()
    exported = export_programme(original, catalogue())
    assert (exported["format"], exported["schema"]) == ("clinic.programme", 2)
    assert "extras" not in exported and exported["mistakes"] == OLD_FILE["extras"]["mistakes"]
    assert ProgrammeContent.model_validate({k: v for k, v in exported.items() if k not in ("format", "schema")})
    again = import_programme(json.dumps(exported).encode(), patient, therapist, catalogue())
    db.session.commit()
    assert again.content == shared_content(original, catalogue())  # the patient's own text stays behind
    assert again.content.notes == "" and original.content.notes == OLD_FILE["notes"]


def test_a_version_1_record_of_todays_code_imports_as_it_was(app) -> None:  # noqa: ANN001
    _, importer = make_clinic("Elsewhere", "else@example.org")
    patient = records.import_record(OLD_RECORD, importer)
    db.session.commit()
    (programme,) = db.session.execute(sa.select(Programme).filter_by(patient_id=patient.id)).scalars()
    old = OLD_RECORD["programmes"][0]
    assert _as_old_file_shows_it(programme) == {
        **_old_file_body(), "items": [{k: v for k, v in i.items() if k != "position"} for i in old["items"]]}
    assert (programme.status, programme.created_at.isoformat()) == (old["status"], old["created_at"])
    exported = records.export_record(patient)
    assert (exported["format"], exported["schema"]) == ("clinic.patient-record", 3)
    assert "version" not in exported and exported["handouts"][0]["content_key"]


def test_the_protocol_copy_is_the_protocols_content(patient: Patient, therapist: User) -> None:
    protocol = catalogue().protocols["runners_knee.routine"]
    programme = create_programme(patient, therapist, protocol)
    db.session.commit()
    content = db.session.get(Programme, programme.id).content
    assert content == ProgrammeContent.from_protocol(protocol)
    assert content.protocol_name == protocol.name and content.mistakes == protocol.mistakes
    assert [s.key for s in content.sections] == [s.key for s in protocol.sections]


@pytest.mark.parametrize(("change", "message"), [
    (lambda f: f.update(schema=3), "schema 3"),
    (lambda f: f["extras"].update(colour="red"), "extras: is not something clinic can store here"),
    (lambda f: f["items"][0].update(level=9), "exercise 1, level: must be 3 or less"),
])
def test_a_programme_file_that_is_wrong_is_refused_by_name(patient: Patient, therapist: User,
                                                            change, message: str) -> None:  # noqa: ANN001
    data = json.loads(json.dumps(OLD_FILE))
    change(data)
    with pytest.raises(ImportProblem) as caught:
        import_programme(json.dumps(data).encode(), patient, therapist, catalogue())
    assert message in str(caught.value)
