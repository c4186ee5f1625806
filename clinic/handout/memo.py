"""Remember the snapshot of an unchanged programme, so a re-export skips resolving it again.

Re-exporting an unchanged programme is common (a second copy, a lost sheet)
and the PDF is already in the file cache; what made it slow was rebuilding the
snapshot (every card resolved, dosage words, pictures as data URIs) only to
find the same content key. This memo, one per worker process, maps a
fingerprint of *every input* of the snapshot to the content key and snapshot
it produced:

- every column of the programme, its items, the patient, the clinic and the
  therapist (so any edit, even one that does not raise the version, misses);
- the options, the date and the loaded catalogue.

The one input that is not a row is the "What changed" box, which depends on
the latest earlier handout of the programme. ``changes_since_last`` keeps the
box of the latest handout when the exercises are the same, so the remembered
snapshot is valid exactly while that latest handout is the one with the
remembered content key; ``recall`` checks this with one indexed query.
Anything else misses and takes the full path, which is always correct.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import inspect, select

from clinic.db import db
from clinic.exercise_data.snapshot import HandoutSnapshot
from clinic.handout.options import HandoutOptions
from clinic.models import IssuedHandout, Programme, ProgrammeItem, User
from clinic.state import catalogue

EXTENSION_KEY = "clinic.handout.memo"
DEFAULT_SIZE = 64  # snapshots carry pictures (~100 KB each for 25 exercises)


class SnapshotMemo:
    """A small LRU of fingerprint -> (content key, snapshot), safe across threads."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[str, HandoutSnapshot]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, fingerprint: str) -> tuple[str, HandoutSnapshot] | None:
        with self._lock:
            entry = self._entries.get(fingerprint)
            if entry is not None:
                self._entries.move_to_end(fingerprint)
            return entry

    def put(self, fingerprint: str, key: str, snapshot: HandoutSnapshot) -> None:
        # The frozen record itself: parsing it back from JSON was a millisecond of every re-export,
        # and 25 exercises make only ~500 objects (the pictures are a few large strings).
        with self._lock:
            self._entries[fingerprint] = (key, snapshot)
            self._entries.move_to_end(fingerprint)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _memo() -> SnapshotMemo:
    memo = current_app.extensions.get(EXTENSION_KEY)
    if memo is None:
        memo = current_app.extensions[EXTENSION_KEY] = SnapshotMemo()
    return memo


def _columns(row: Any) -> dict[str, Any] | None:
    """Every mapped column of a row; bytes (a logo) by digest."""
    if row is None:
        return None
    values = {}
    for column in inspect(row).mapper.column_attrs:
        value = getattr(row, column.key)
        values[column.key] = hashlib.sha256(value).hexdigest() if isinstance(value, bytes) else value
    return values


def _item_rows(programme: Programme) -> list[list[Any]]:
    """Every column of the programme's items, as plain rows in id order.

    One Core query rather than the ``items`` relationship: a re-export needs
    the values, not 25 ORM objects built only to be read once. The session
    flushes any pending edit of an item before the query runs (autoflush).
    """
    table = ProgrammeItem.__table__
    rows = db.session.execute(select(table).where(table.c.programme_id == programme.id).order_by(table.c.id))
    return [list(row) for row in rows]


def fingerprint(programme: Programme, therapist: User | None, options: HandoutOptions,
                today: date | None = None) -> str:
    """A digest of everything ``build_snapshot`` reads, apart from earlier handouts."""
    therapist = therapist or programme.therapist
    inputs = {
        "programme": _columns(programme),
        "items": _item_rows(programme),
        "patient": _columns(programme.patient) if programme.patient else None,
        "clinic": _columns(programme.clinic),
        "therapist": _columns(therapist),
        "options": options.as_dict(),
        "today": (today or date.today()).isoformat(),
        "catalogue": id(catalogue()),
    }
    canonical = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def recall(fingerprint_: str, programme: Programme) -> tuple[HandoutSnapshot, str] | None:
    """The remembered (snapshot, content key), if still what a full rebuild would produce."""
    entry = _memo().get(fingerprint_)
    if entry is None:
        return None
    key, snapshot = entry
    latest = db.session.execute(
        IssuedHandout.latest_of(programme.id, IssuedHandout.content_key)).scalar_one_or_none()
    if latest != key:
        return None
    return snapshot, key


def remember(fingerprint_: str, key: str, snapshot: HandoutSnapshot) -> None:
    _memo().put(fingerprint_, key, snapshot)
