"""Shared fixtures: an app on a real database, a client, a CLI runner, a signed-in user.

The suite runs on SQLite by default; set DATABASE_URL to a PostgreSQL URL to run
the same tests there. The schema is created once per session by the migrations
and every test starts from empty tables. ``make test`` runs two pytest-xdist
workers, each with its own database (tests/parallel.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.security import generate_password_hash

from clinic import create_app
from clinic.db import db
from clinic.models import Clinic, Patient, User
from tests.parallel import FileScheduling, drop_database, fresh_database_beside, is_postgres, worker_name
from tests.routine_print import printed  # noqa: F401  (a fixture: the routine's handout, printed once)

TEST_PASSWORD = "correct horse battery staple"


@cache
def hashed_test_password() -> str:
    """``TEST_PASSWORD`` hashed once per run: scrypt is slow on purpose (a tenth of a second
    or more), and every user the suite makes has this password. The app's own hashing and
    checking, on sign-in and password changes, stay real."""
    return generate_password_hash(TEST_PASSWORD)


_GIVEN_DATABASE_URL = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """An xdist worker on PostgreSQL runs on a database of its own (tests/parallel.py)."""
    given, worker = os.environ.get("DATABASE_URL"), worker_name()
    if worker and given and is_postgres(given):
        config.stash[_GIVEN_DATABASE_URL] = given
        os.environ["DATABASE_URL"] = fresh_database_beside(given, worker)


def pytest_unconfigure(config: pytest.Config) -> None:
    given = config.stash.get(_GIVEN_DATABASE_URL, None)
    if given is not None:
        drop_database(given, os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = given


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: only called under `pytest -n`
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> FileScheduling:
    return FileScheduling(config, log)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Create the schema once, with the migrations, and drop it at the end."""
    from flask_migrate import downgrade, upgrade

    url = _database_url(tmp_path_factory)
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(_base_config(url), instance_path=str(instance))
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        upgrade()
    yield url
    with app.app_context():
        downgrade(revision="base")


def _drop_alembic_version() -> None:
    from sqlalchemy import text

    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


def _base_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def app_config(database_url: str) -> dict:
    """Override in a test module (or parametrize) to change the app's config."""
    return _base_config(database_url)


class _TemplateCode(BytecodeCache):
    """Compiled templates kept in memory for the whole run, checked against each template's source.

    Every test gets a new app and so a new Jinja environment, which would parse and compile
    each template it renders again (about a third of a second for a builder page and a
    handout). Jinja checks a cached template's source checksum before using it, so an
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _TemplateCode()


@pytest.fixture
def app(app_config: dict, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(app_config, instance_path=str(tmp_path / "instance"))
    app.jinja_env.bytecode_cache = _TEMPLATE_CODE
    with app.app_context():
        _empty_tables()
        yield app
        db.session.remove()


def _empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def make_clinic(name: str = "Test clinic", email: str = "t@example.org") -> tuple[Clinic, User]:
    """A clinic with one therapist; tests that need two clinics call it twice."""
    clinic = Clinic(name=name, phone="555-0199", address="2 Test Street")
    db.session.add(clinic)
    db.session.flush()
    user = User(
        clinic_id=clinic.id,
        email=email,
        name="Terry Therapist",
        password_hash=hashed_test_password(),
    )
    db.session.add(user)
    db.session.commit()
    return clinic, user


@pytest.fixture
def therapist(app: Flask) -> User:
    return make_clinic()[1]


@pytest.fixture
def patient(therapist: User) -> Patient:
    patient = Patient(clinic_id=therapist.clinic_id, display_name="Maria Lopez", reference="P-1")
    db.session.add(patient)
    db.session.commit()
    return patient


@pytest.fixture
def signed_in(client: FlaskClient, therapist: User) -> FlaskClient:
    """The test client, signed in as ``therapist`` by session (not through the sign-in form)."""
    from tests.builder_kit import sign_in

    sign_in(client, therapist.id)
    return client
