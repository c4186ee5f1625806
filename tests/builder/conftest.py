"""Fixtures for the builder's view tests: the kit plugin, a signed-in client, a programme."""

from __future__ import annotations

import pytest

from clinic.db import db
from clinic.models import Programme
from tests.builder_kit import write_kit


@pytest.fixture
def app_config(app_config: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    plugins = tmp_path_factory.mktemp("plugins")
    write_kit(plugins)
    return {**app_config, "PLUGIN_DIRS": [str(plugins)]}


@pytest.fixture
def programme(signed_in, patient) -> Programme:
    """A programme started from the kit's protocol through the real view."""
    response = signed_in.post(f"/patients/{patient.id}/programmes",
                              data={"source": "protocol", "protocol_id": "kit.routine"})
    assert response.status_code == 303
    programme_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return db.session.get(Programme, programme_id)
