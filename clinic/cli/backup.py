"""``flask backup FILE`` and ``flask restore FILE``: a consistent copy of the whole database.

SQLite is copied with its online backup API, so a backup taken while the app is
serving requests is still a consistent snapshot (a plain file copy of a WAL
database can miss pages). PostgreSQL is handed to ``pg_dump``/``pg_restore``,
which do the same job for a server database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext, ngettext
from flask_migrate import upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from clinic.db import db
from clinic.files import create_private_file, private_folder

MARKER_TABLE = "alembic_version"
"""Every clinic database has it (the migrations create it); a random file does not."""


class BackupError(click.ClickException):
    """A refusal or failure explained in words; click prints it and exits with status 1."""


def _url() -> URL:
    return db.engine.url


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database)


def _libpq_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment, not argv."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return ["--dbname", plain.render_as_string(hide_password=False)], env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools (Debian: "
            f"apt-get install postgresql-client) or run: {name} --help; see docs/deploy.md."
        )
    return path


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")
    return done.stdout


def sqlite_has_marker(path: Path) -> bool:
    """True when ``path`` is an SQLite file holding the migrations' version table."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MARKER_TABLE,)
            ).fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None


def backup_database(target: Path) -> None:
    """Write a consistent copy of the app's database to ``target``, readable by its owner only.

    The file is created 0600 before anything is written into it (a missing
    folder 0700), so no copy of the health data is ever readable by others.
    """
    url = _url()
    if not target.parent.exists():
        private_folder(target.parent)
    create_private_file(target)
    if _is_sqlite(url):
        source = sqlite3.connect(_sqlite_path(url))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    args, env = _libpq_args(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)


def _release_our_connections() -> None:
    """This process's own pooled connections must not count as "someone connected", nor hold the file."""
    db.session.remove()
    db.engine.dispose()


def _sqlite_alone(conn: sqlite3.Connection) -> bool:
    """True when no other connection has the database open.

    The app keeps SQLite in WAL mode, and SQLite lets a connection leave WAL
    mode only when it is the only one open: the switch is the test. Once it
    succeeded, this connection holds the file alone and does the restore.
    """
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
    except sqlite3.OperationalError:
        return False
    return True


def _postgresql_connections() -> int:
    """Sessions on the app's database other than this one: the app's workers, a psql, a cron job."""
    with db.engine.connect() as conn:
        count = conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"  # not autovacuum or other server workers
        )).scalar_one()
    db.engine.dispose()
    return int(count)


def _still_connected(count: int | None) -> str:
    who = (ngettext("%(num)d other connection to the database is open",
                    "%(num)d other connections to the database are open", count)
           if count else gettext("another program has the database open"))
    return gettext(
        "%(who)s, so the app (or another program) is still running. Writes it makes during a restore "
        "would be lost and their ids reused. Stop the app first: systemctl stop clinic (see docs/deploy.md), "
        "or Ctrl+C in the terminal running make run; then run flask restore again. "
        "To restore anyway, add --force.", who=who)


def restore_database(source: Path, force: bool = False) -> None:
    """Replace the app's database with the backup in ``source``, then bring it up to date.

    Refused while anything else is connected (unless ``force``): a write made
    during the restore would vanish, and its id be handed out again.
    """
    url = _url()
    if _is_sqlite(url):
        if not sqlite_has_marker(source):
            raise BackupError(f"{source} is not a clinic database backup (no {MARKER_TABLE} table)")
        _release_our_connections()
        dest = sqlite3.connect(_sqlite_path(url), timeout=0)
        try:
            if not _sqlite_alone(dest) and not force:
                raise BackupError(_still_connected(None))
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                with dest:
                    backup.backup(dest)
            finally:
                backup.close()
        finally:
            dest.close()
    else:
        restore_tool = _tool("pg_restore")
        listed = subprocess.run([restore_tool, "--list", str(source)], capture_output=True, text=True,
                                check=False)
        if listed.returncode != 0 or f"TABLE public {MARKER_TABLE}" not in listed.stdout:
            raise BackupError(f"{source} is not a clinic database backup (no {MARKER_TABLE} table)")
        args, env = _libpq_args(url)
        _release_our_connections()
        others = _postgresql_connections()
        if others and not force:
            raise BackupError(_still_connected(others))
        _run([restore_tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *args, str(source)], env)
    upgrade()  # a backup from an older release gets the newer tables and columns


def database_has_tables() -> bool:
    return bool(inspect(db.engine).get_table_names())


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Save a consistent copy of the database to FILE (safe while the app is running)."""
    if file.exists():
        raise BackupError(f"{file} exists already; choose a new file name so no backup is overwritten")
    backup_database(file)
    click.echo(f"Backup written to {file} ({file.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
@click.option("--force", is_flag=True,
              help="Restore even while the app or another program is connected (their writes are lost).")
@with_appcontext
def restore_command(file: Path, yes: bool, force: bool) -> None:
    """Replace the database with the backup in FILE, then run the migrations."""
    if database_has_tables() and not yes:
        raise BackupError(
            "the database holds data already and restoring replaces all of it; "
            "stop the app, then run again with --yes"
        )
    restore_database(file, force=force)
    click.echo(f"Restored from {file}; the database is at the latest schema.")


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
