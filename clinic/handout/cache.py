"""A file cache of rendered handouts, keyed by content key.

Files under ``instance/handout-cache/`` are shared by every worker process and
can be deleted at any time: a miss just renders again. The key is a sha256 of
the snapshot and options, so an entry can never be served for other content.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from flask import current_app

KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class HandoutCache:
    def __init__(self, folder: Path, max_files: int = 64) -> None:
        self.folder = folder
        self.max_files = max_files

    @classmethod
    def for_app(cls) -> HandoutCache:
        folder = Path(current_app.instance_path) / "handout-cache"
        return cls(folder, int(current_app.config.get("HANDOUT_CACHE_SIZE", 64)))

    def _path(self, key: str) -> Path:
        if not KEY_PATTERN.match(key):
            raise ValueError("a handout cache key is a sha256 hex digest")
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        os.utime(path)  # recently used entries survive pruning
        return data

    def put(self, key: str, pdf: bytes) -> None:
        """Write atomically (temp file, then rename) so a reader never sees half a PDF."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temp, self._path(key))
        self._prune()

    def discard(self, key: str) -> None:
        """Remove one entry now: an erased patient's handout must not stay on disk."""
        self._path(key).unlink(missing_ok=True)

    def _prune(self) -> None:
        def age(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except FileNotFoundError:  # another worker pruned it first
                return 0.0

        entries = sorted(self.folder.glob("*.pdf"), key=age, reverse=True)
        for stale in entries[self.max_files :]:
            stale.unlink(missing_ok=True)
