"""Finished, tagged PDF parts of handouts on disk, one folder per clinic, bounded in bytes (issue 17).

A part's key is a sha256 of everything its layout depends on (its HTML, the
stylesheets, the options, the render version), worked out by
``clinic.handout.part_render``. The file is named ``<key>.<sha256 of its
bytes>.pdf`` and read back only when its bytes still hash to that name, so a
damaged or half-replaced file is a miss, never a page of someone's handout.

Parts are kept per clinic even though most hold no patient data: a card can
carry the therapist's note, and a folder per clinic makes "another clinic's
part" impossible to reach by any key rather than a rule to get right.
Files are shared by every worker, written atomically, and safe to delete.
With ``HANDOUT_CACHE_URL`` set, parts live in Redis instead, shared by every
host (``clinic.part_cache_redis``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from clinic.files import private_folder
from clinic.pdf_cache import KEY_PATTERN

if TYPE_CHECKING:
    from clinic.part_cache_redis import RedisPartCache

log = logging.getLogger(__name__)
DEFAULT_BYTES = 256 * 1024 * 1024


class PartCache:
    def __init__(self, folder: Path, max_bytes: int = DEFAULT_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    @classmethod
    def for_app(cls) -> PartCache | RedisPartCache:
        """This app's part cache: in Redis when ``HANDOUT_CACHE_URL`` is set (shared by hosts), else on this disk."""
        config = current_app.config
        if url := config.get("HANDOUT_CACHE_URL"):
            from clinic.part_cache_redis import RedisPartCache

            return RedisPartCache(url, int(config["HANDOUT_PART_CACHE_ENTRIES"]), int(config["HANDOUT_CACHE_TTL"]),
                                  config["REDIS_NAMESPACE"])
        return cls(Path(current_app.instance_path) / "part-cache",
                   int(config.get("HANDOUT_PART_CACHE_BYTES", DEFAULT_BYTES)))

    def _clinic_folder(self, clinic_id: int, key: str) -> Path:
        if not KEY_PATTERN.match(key):
            raise ValueError("a part key is a sha256 hex digest")
        return self.folder / str(int(clinic_id))

    def get(self, clinic_id: int, key: str) -> bytes | None:
        for path in self._clinic_folder(clinic_id, key).glob(f"{key}.*.pdf"):
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # pruned by another worker meanwhile
                continue
            if hashlib.sha256(data).hexdigest() == path.name.split(".")[1]:
                os.utime(path)  # recently used parts survive pruning
                return data
            log.warning("cached part %s of clinic %s does not match its checksum; removed", key, clinic_id)
            path.unlink(missing_ok=True)
        return None

    def put(self, clinic_id: int, key: str, pdf: bytes) -> None:
        folder = self._clinic_folder(clinic_id, key)
        private_folder(self.folder)
        private_folder(folder)
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".part")  # 0600
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temp, folder / f"{key}.{hashlib.sha256(pdf).hexdigest()}.pdf")
        self._prune()

    def _prune(self) -> None:
        """Least recently used parts go first once all clinics' parts pass the byte bound."""
        entries = []
        for path in self.folder.rglob("*.pdf"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

    def clear(self, clinic_id: int) -> None:
        """Drop a clinic's parts: erasing a patient cannot tell which parts held their therapist's notes."""
        for path in (self.folder / str(int(clinic_id))).glob("*.pdf"):
            path.unlink(missing_ok=True)
