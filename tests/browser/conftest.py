"""A real server and a real Chromium for the browser tests.

The app runs on its own SQLite file with CSRF protection ON (as in production),
served by werkzeug in a thread on a free port of 127.0.0.1, and seeded with
one clinic, one therapist, one admin and one patient. The contributor studio is
on, writing into an empty plugins folder of its own. Every test here is marked
``browser`` so ``pytest -m "not browser"`` skips them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from clinic import create_app
from clinic.config import Defaults
from clinic.db import db
from clinic.models import Clinic, Patient, User
from tests.conftest import hashed_test_password

THERAPIST_EMAIL = "sam@riverside.example"
ADMIN_EMAIL = "ada@riverside.example"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: Flask
    patient_id: int


def _seed(app: Flask) -> int:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        clinic = Clinic(name="Riverside Physio", phone="555-0100", address="1 River Road")
        db.session.add(clinic)
        db.session.flush()
        db.session.add(User(clinic_id=clinic.id, email=THERAPIST_EMAIL, name="Sam Rivera",
                            password_hash=hashed_test_password()))
        db.session.add(User(clinic_id=clinic.id, email=ADMIN_EMAIL, name="Ada Admin", role="admin",
                            password_hash=hashed_test_password()))
        patient = Patient(clinic_id=clinic.id, display_name="Maria Lopez", reference="P-0042")
        db.session.add(patient)
        db.session.commit()
        return patient.id


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    (folder / "studio-plugins").mkdir()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite'}",
        "SECRET_KEY": "browser-tests",
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,
        # The studio writes into the first plugins folder: an empty one of its own, before the shipped plugins.
        "STUDIO": True,
        "PLUGIN_DIRS": [str(folder / "studio-plugins"), *Defaults.PLUGIN_DIRS],
    }, instance_path=str(folder / "instance"))
    patient_id = _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, patient_id=patient_id)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A laptop screen; the tablet layout has its own test.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}, "accept_downloads": True}
