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
from sqlalchemy import inspect

from clinic.db import db
from clinic.exercise_data.snapshot import HandoutSnapshot
from clinic.handout.options import HandoutOptions
from clinic.models import IssuedHandout, Programme, User
from clinic.state import catalogue

EXTENSION_KEY = "clinic.handout.memo"
DEFAULT_SIZE = 64  # snapshots carry pictures (~100 KB each for 25 exercises)


class SnapshotMemo:
    """A small LRU of fingerprint -> (content key, snapshot as JSON), safe across threads."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, fingerprint: str) -> tuple[str, str] | None:
        with self._lock:
            entry = self._entries.get(fingerprint)
            if entry is not None:
                self._entries.move_to_end(fingerprint)
            return entry

    def put(self, fingerprint: str, key: str, snapshot: HandoutSnapshot) -> None:
        # Kept as JSON text, the size of what is stored, rather than the record and its many small objects.
        text = snapshot.model_dump_json()
        with self._lock:
            self._entries[fingerprint] = (key, text)
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


def fingerprint(programme: Programme, therapist: User | None, options: HandoutOptions,
                today: date | None = None) -> str:
    """A digest of everything ``build_snapshot`` reads, apart from earlier handouts."""
    therapist = therapist or programme.therapist
    inputs = {
        "programme": _columns(programme),
        "items": [_columns(item) for item in programme.items],
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
    key, text = entry
    latest = db.session.execute(
        IssuedHandout.latest_of(programme.id, IssuedHandout.content_key)).scalar_one_or_none()
    if latest != key:
        return None
    return HandoutSnapshot.model_validate_json(text), key


def remember(fingerprint_: str, key: str, snapshot: HandoutSnapshot) -> None:
    _memo().put(fingerprint_, key, snapshot)
