"""Request size limits: 2 MB for every form (MAX_CONTENT_LENGTH), a larger, bounded one for record imports."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import Patient, User
from tests.session_helpers import sign_in

TWO_AND_A_HALF_MB = "x" * (2 * 1024 * 1024 + 512 * 1024)


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "RECORD_IMPORT_MAX_BYTES": 3 * 1024 * 1024}


def test_default_limit_is_two_megabytes(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


@pytest.mark.parametrize("path", ["/patients/new", "/login", "/programmes/1/items/1/note"])
def test_a_form_over_two_megabytes_gets_413_and_saves_nothing(client: FlaskClient, therapist: User,
                                                              path: str) -> None:
    sign_in(client, therapist)
    response = client.post(path, data={"display_name": TWO_AND_A_HALF_MB, "note": TWO_AND_A_HALF_MB})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Patient)).first() is None


def test_record_import_has_its_own_larger_limit(client: FlaskClient, therapist: User) -> None:
    sign_in(client, therapist)
    # Above the form limit but inside the import limit: read and judged (not a record, so 400).
    within = client.post("/patients/import", content_type="multipart/form-data",
                         data={"record": (io.BytesIO(b'{"pad": "' + b"x" * 2_700_000 + b'"}'), "big.json")})
    assert within.status_code == 400 and b"not a patient record" in within.data
    over = client.post("/patients/import", content_type="multipart/form-data",
                       data={"record": (io.BytesIO(b"x" * 3_300_000), "huge.json")})
    assert over.status_code == 413
