"""The studio tests' fixtures: a temporary plugins folder with the studio on, an admin, a plugin made in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic.db import db
from clinic.models import User
from tests.session_helpers import sign_in


@pytest.fixture
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("studio-plugins")


@pytest.fixture
def app_config(app_config: dict, plugins: Path) -> dict:
    return {**app_config, "PLUGIN_DIRS": [str(plugins)], "STUDIO": True}


@pytest.fixture
def admin(therapist: User) -> User:
    user = User(clinic_id=therapist.clinic_id, email="admin@example.org", name="Ada Admin", role="admin",
                password_hash="x")
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def studio(client, admin, plugins):  # type: ignore[no-untyped-def]
    sign_in(client, admin)
    response = client.post("/studio/plugins", data={"name": "studio_kit"})
    assert response.status_code == 303 and (plugins / "studio_kit" / "plugin.toml").is_file()
    return client
