"""Names in any script reach the patient page and the printed handout intact.

A name is typed once and then printed on every handout, so right-to-left,
CJK, combining accents and emoji are checked end to end: through the form,
into the database, onto the page and into the PDF's text.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from pypdf import PdfReader

from clinic.db import db
from clinic.models import Patient, Programme, ProgrammeItem, User
from tests.session_helpers import sign_in

NAMES = [
    "مريم الحسن",  # Arabic, right to left
    "שרה לוי",  # Hebrew, right to left
    "佐藤 花子",  # Japanese
    "Ánh Nguyễn",  # Vietnamese, stacked accents
    "e\u0301le\u0301onore",  # combining accents (NFD)
    "Zoë 🙂 Ng",  # emoji
]


def _pdf_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # pypdf interleaves NULs when a page mixes in a two-byte font; they are not in the PDF's text.
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


@pytest.mark.parametrize("name", NAMES)
def test_name_survives_form_page_and_pdf(client: FlaskClient, therapist: User, name: str) -> None:
    sign_in(client, therapist)
    response = client.post("/patients/new", data={"display_name": f"  {name}  ", "language": "en",
                                                  "paper_size": "A4"})
    assert response.status_code == 302
    patient = db.session.execute(db.select(Patient)).scalar_one()
    assert patient.display_name == name  # trimmed, otherwise exactly as typed (no normalisation)

    page = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert str(escape(name)) in page

    programme = Programme(clinic_id=patient.clinic_id, patient_id=patient.id, title="Home", referrals=[],
                          schedule=[], progression_rules=[])
    programme.items = [ProgrammeItem(exercise_id="example_plugin.heel_raise", section="strength",
                                     note=f"Für {name}")]
    db.session.add(programme)
    db.session.commit()
    pdf = client.post(f"/programmes/{programme.id}/export", data={})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert unicodedata.normalize("NFC", name) in text
    assert unicodedata.normalize("NFC", f"Für {name}") in text
