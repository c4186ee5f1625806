"""What the suite needs to run on several pytest-xdist workers (``make test`` uses two).

Each worker is its own process with its own session fixtures, so it makes its own
SQLite file, live server and Chromium already. Two things are shared and need care:

- PostgreSQL: ``DATABASE_URL`` names one database, and two workers emptying each
  other's tables would fail at random. Each worker gets a database of its own,
  named after the one given (``test_gw0``, ``test_gw1``), made empty at its start
  and dropped at its end; ``DATABASE_URL`` is pointed at it for the worker's
  whole run, so subprocesses and apps made without the fixtures use it too.
- Work shared by several tests of one process: the browser tests share one
  seeded live server and run in order, and module-level prints (the merged
  parts) are made once per process. Tests are therefore sent to the workers a
  file at a time, and all the browser tests as one unit (:class:`FileScheduling`).
  xdist's own ``--dist loadgroup`` would say the same with marks, but it stopped
  grouping anything under pytest 9.2 (pytest-xdist issue 1386).

The routine's shared print (``printed``, tests/routine_print.py) is used by
several files, so each worker that runs one of them prints it once itself.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from xdist.scheduler import LoadScopeScheduling

BROWSER_PREFIX = "tests/browser/"
BROWSER_UNIT = "tests/browser"
# The longest files after the browser tests, longest first, from --durations (December 2026).
SLOW_FIRST = ("tests/test_handout_parts.py", "tests/test_stored_programme.py", "tests/test_handout_layout.py",
              "tests/test_wheel.py", "tests/test_i18n_pages.py", "tests/test_handout_trust.py")


def worker_name() -> str | None:
    """``gw0``, ``gw1``... in an xdist worker; None in a plain run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def _admin_engine(url: str):  # type: ignore[no-untyped-def]
    """A connection outside any transaction, as CREATE and DROP DATABASE need."""
    return create_engine(url, isolation_level="AUTOCOMMIT")


def fresh_database_beside(url: str, suffix: str) -> str:
    """An empty PostgreSQL database named after the one ``url`` names plus ``_suffix``, and its URL."""
    given = make_url(url)
    name = f"{given.database}_{suffix}"
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database ``url`` names, connected through another one (``admin_url``)."""
    admin = _admin_engine(admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def is_postgres(url: str | None) -> bool:
    return bool(url) and make_url(url).get_backend_name() == "postgresql"


class FileScheduling(LoadScopeScheduling):
    """Each test file is one unit of work, all the browser tests one more; the slowest go out first.

    A unit is never split between workers. The browser unit and the files in
    ``SLOW_FIRST`` are handed out before the rest so that no long unit starts last
    while the other worker sits idle; the rest go largest first, as xdist does.
    The list only orders the work: a stale one costs minutes, never a result.
    """

    _ordered = False

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return BROWSER_UNIT if path.startswith(BROWSER_PREFIX) else path

    def _assign_work_unit(self, node) -> None:  # type: ignore[no-untyped-def]
        if not self._ordered:
            for unit in reversed((BROWSER_UNIT, *SLOW_FIRST)):
                if unit in self.workqueue:
                    self.workqueue.move_to_end(unit, last=False)
            self._ordered = True
        super()._assign_work_unit(node)
