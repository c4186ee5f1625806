"""Issue 14 finding 9: instance data and backups are the owner's alone (files 0600, folders 0700).

Run with the common umask 022, under which the database, the demo password
and backups used to come out world-readable (0644).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from clinic import create_app
from clinic.db import db
from clinic.pdf_cache import HandoutCache


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _sqlite_in(instance: Path) -> str:
    """The default database (``make run``'s), named outright so DATABASE_URL cannot replace it."""
    return f"sqlite:///{instance / 'clinic.sqlite'}"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def own_instance(tmp_path: Path) -> Iterator[Flask]:
    """An app with the default SQLite database in its own instance folder, as ``make run`` makes it."""
    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlite_in(instance)}, instance_path=str(instance))
    with app.app_context():
        upgrade()
        db.session.remove()
        yield app
        db.engine.dispose()


def test_the_instance_folder_database_and_key_are_private(own_instance: Flask) -> None:
    instance = Path(own_instance.instance_path)
    assert _mode(instance) == 0o700
    database = instance / "clinic.sqlite"
    assert database.exists() and _mode(database) == 0o600
    for side in (instance / "clinic.sqlite-wal", instance / "clinic.sqlite-shm"):
        if side.exists():
            assert _mode(side) == 0o600, side
    assert _mode(instance / "secret_key") == 0o600


def test_an_older_world_readable_database_is_tightened_at_start(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    database = instance / "clinic.sqlite"
    database.touch(mode=0o644)
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlite_in(instance)}, instance_path=str(instance))
    assert _mode(database) == 0o600 and _mode(instance) == 0o700


def test_the_demo_password_file_is_private(own_instance: Flask) -> None:
    result = own_instance.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    login_file = next(Path(own_instance.instance_path).glob("demo_login*"))
    assert _mode(login_file) == 0o600


def test_backups_are_private_and_a_new_backup_folder_too(app: Flask, tmp_path: Path) -> None:
    target = tmp_path / "backups" / "clinic.backup"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700


def test_cached_handouts_are_private(tmp_path: Path) -> None:
    cache = HandoutCache(tmp_path / "handout-cache")
    cache.put(3, "a" * 64, b"%PDF-1.7 a handout")
    assert _mode(cache.folder) == 0o700 and _mode(cache.folder / "3") == 0o700
    assert _mode(cache.folder / "3" / f"{'a' * 64}.pdf") == 0o600


def test_starting_an_app_never_drops_sqlite_locks_held_in_this_process(tmp_path: Path) -> None:
    """Tightening must chmod, not open: closing any descriptor of a file drops this process's locks on it.

    An earlier version opened the database and its -shm file to make them
    private; an app created beside an open connection (as the test suite and
    the CLI do) then corrupted SQLite's locking, seen as "disk I/O error".
    """
    import sqlite3
    import subprocess
    import sys

    instance = tmp_path / "instance"
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlite_in(instance)}, instance_path=str(instance))
    holder = sqlite3.connect(instance / "clinic.sqlite", isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")  # holds the write lock
    holder.execute("INSERT INTO t VALUES (1)")
    try:
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlite_in(instance)}, instance_path=str(instance))
        # Another process, because SQLite keeps one process's own connections apart without file locks.
        other = subprocess.run(
            [sys.executable, "-c", "import sqlite3, sys\n"
             "conn = sqlite3.connect(sys.argv[1], timeout=0)\n"
             "try:\n    conn.execute('INSERT INTO t VALUES (2)'); conn.commit(); print('wrote')\n"
             "except sqlite3.OperationalError as e:\n    print(e)\n", str(instance / "clinic.sqlite")],
            capture_output=True, text=True, timeout=60, check=True)
        assert other.stdout.strip() == "database is locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
