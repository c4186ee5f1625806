"""Migrations create the schema on an empty database and leave an existing one intact."""

from __future__ import annotations

import json
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


def _programme_row(extras: dict) -> dict:
    return {"clinic_id": 1, "title": "Old", "goal": "", "status": "draft", "is_template": False,
            "referrals": "[]", "schedule": "[]", "progression_rules": "[]", "extras": json.dumps(extras),
            "notes": "", "version": 1}


def _revision_before(revision: str) -> str:
    from alembic.script import ScriptDirectory

    import clinic

    scripts = ScriptDirectory(str(Path(clinic.__file__).parent / "migrations"))
    return scripts.get_revision(revision).down_revision  # type: ignore[return-value]


def test_extras_move_to_their_own_columns_and_back(tmp_path):
    """A database of the old shape: every part of extras arrives in its column; downgrading restores it."""
    from flask_migrate import downgrade

    before = _revision_before("c4e1a7f03b21")

    record = json.loads((Path(__file__).parent / "data" / "patient_record_version1.json").read_text())
    full = {**record["programmes"][0]["extras"], "own_language": {"es": ["Camine 10 minutos."]}}
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade(revision=before)
        db.session.execute(sa.text("INSERT INTO clinic (id, name, phone, address, created_at) "
                                   "VALUES (1, 'Old', '1', '', CURRENT_TIMESTAMP)"))
        for extras in (full, {}, {"sections": "broken", "protocol_name": 7}):
            row = _programme_row(extras)
            db.session.execute(sa.text(
                f"INSERT INTO programme ({', '.join(row)}, created_at, updated_at) "  # noqa: S608
                f"VALUES ({', '.join(':' + k for k in row)}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), row)
        db.session.commit()
        upgrade()
        from clinic.models import Programme
        from clinic.models.content import default_section_rows

        rich, blank, broken = db.session.execute(sa.select(Programme).order_by(Programme.id)).scalars()
        assert rich.protocol_name == full["protocol_name"] and rich.sections == full["sections"]
        assert rich.activity_changes == full["activity_changes"] and rich.mistakes == full["mistakes"]
        assert rich.flare_up == full["flare_up"] and rich.own_language == full["own_language"]
        assert blank.sections == default_section_rows() and blank.mistakes == [] and blank.protocol_name is None
        assert blank.own_language == {}
        assert broken.sections == default_section_rows() and broken.protocol_name is None
        db.session.remove()
        downgrade(revision=before)
        restored = db.session.execute(sa.text("SELECT extras FROM programme ORDER BY id")).scalars().first()
    assert json.loads(restored) == full
