"""Migrations create the schema on an empty database and leave an existing one intact."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from clinic import create_app
from clinic.db import db


def _sqlite_app(tmp_path: Path, name: str = "m.sqlite"):
    url = f"sqlite:///{tmp_path / name}"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url}, instance_path=str(tmp_path / "i"))


def test_upgrade_creates_every_model_table_on_an_empty_database(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_upgrade_on_an_existing_database_keeps_its_rows(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        db.session.execute(sa.text("INSERT INTO clinic (name, phone, address, created_at) "
                                   "VALUES ('Kept', '1', '', CURRENT_TIMESTAMP)"))
        db.session.commit()
    again = _sqlite_app(tmp_path)
    with again.app_context():
        upgrade()
        names = db.session.execute(sa.text("SELECT name FROM clinic")).scalars().all()
    assert names == ["Kept"]


def test_models_and_migrations_agree(tmp_path):
    """A model change without a migration would make autogenerate find differences."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
