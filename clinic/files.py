"""Files that hold health data are made readable by their owner only.

The instance folder (database, secret key, cached handouts) and backups hold
patients' names and programmes, so they are created 0600 inside 0700 folders
whatever the process's umask, rather than trusting every deployment to set one.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) if need be, and make it the owner's alone.

    Only the last folder is tightened: parents such as ``/var/backups`` are the
    deployment's to set.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_FOLDER)
    return path


def create_private_file(path: Path) -> Path:
    """Create an empty file only the owner can read, refusing to touch one that exists."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    return path


def ensure_private_file(path: Path) -> Path:
    """Create ``path`` 0600 when missing; tighten it when it exists (made by an older release).

    An existing file is only chmod-ed, never opened: closing any descriptor of
    a file drops every POSIX lock this process holds on it, and SQLite's locks
    on an open database (and its -shm file) are exactly such locks.
    """
    try:
        return create_private_file(path)
    except FileExistsError:
        if path.stat().st_uid == os.getuid():
            path.chmod(PRIVATE_FILE)
        return path


def write_private_text(path: Path, text: str) -> None:
    """Write a small secret (a key, a demo password) that no other account may read."""
    ensure_private_file(path)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
