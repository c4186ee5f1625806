"""A file cache of rendered handouts, one folder per clinic, keyed by content key and render version.

Files under ``instance/handout-cache/<clinic id>/`` are shared by every worker
process and can be deleted at any time: a miss just renders again. The key is a
sha256 of the snapshot and options, computed here, never taken from a file; the
render version (``clinic.handout.render_version``) is part of the file name, so
a changed template, stylesheet or library never serves a file laid out before.
Each clinic has its own folder, so even a forged key can only ever reach the
clinic that made it; and a cached file is served only when its checksum is the
one stored with the handout (``clinic.handout.issue.pdf_for``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from flask import current_app

from clinic.files import private_folder

KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")
VERSION_PATTERN = re.compile(r"^[0-9a-f]{0,64}$")


def content_key(snapshot: dict[str, Any], options: dict[str, Any]) -> str:
    """The sha256 of what a render depends on: the snapshot and the print options.

    Always computed from the content itself, here or at import, never read from
    a file: a key is only a promise about content when this code made it.
    """
    canonical = json.dumps({"snapshot": snapshot, "options": options},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def pdf_key(key: str, link_token_hash: str | None) -> str:
    """The cache file of a handout: its content key, or with a patient link, one per link.

    Two handouts of the same content print different patient links, so their
    PDFs differ; the link enters the key through the stored hash of its token,
    which erasure can read back to remove the file.
    """
    if not link_token_hash:
        return key
    return hashlib.sha256(f"{key}:{link_token_hash}".encode("ascii")).hexdigest()


class HandoutCache:
    """Rendered handouts of one render version; ``discard`` removes a content key's files of every version."""

    def __init__(self, folder: Path, max_files: int = 64, render_version: str = "") -> None:
        if not VERSION_PATTERN.match(render_version):
            raise ValueError("a render version is hex digits")
        self.folder = folder
        self.max_files = max_files
        self.render_version = render_version

    @classmethod
    def for_app(cls, render_version: str = "") -> HandoutCache:
        """This app's cache: in Redis when ``HANDOUT_CACHE_URL`` is set (shared by hosts), else on this disk."""
        size = int(current_app.config.get("HANDOUT_CACHE_SIZE", 64))
        if url := current_app.config.get("HANDOUT_CACHE_URL"):
            from clinic.pdf_cache_redis import RedisHandoutCache

            return RedisHandoutCache(url, size, render_version, int(current_app.config["HANDOUT_CACHE_TTL"]),
                                     current_app.config["REDIS_NAMESPACE"])
        return cls(Path(current_app.instance_path) / "handout-cache", size, render_version)

    def _path(self, clinic_id: int, key: str) -> Path:
        if not KEY_PATTERN.match(key):
            raise ValueError("a handout cache key is a sha256 hex digest")
        name = f"{key}-{self.render_version}.pdf" if self.render_version else f"{key}.pdf"
        return self.folder / str(int(clinic_id)) / name

    def get(self, clinic_id: int, key: str) -> bytes | None:
        path = self._path(clinic_id, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        os.utime(path)  # recently used entries survive pruning
        return data

    def put(self, clinic_id: int, key: str, pdf: bytes) -> None:
        """Write atomically (temp file, then rename) so a reader never sees half a PDF."""
        path = self._path(clinic_id, key)
        private_folder(self.folder)
        private_folder(path.parent)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".part")  # mkstemp makes it 0600
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temp, path)
        self._prune()

    def discard(self, clinic_id: int, key: str) -> None:
        """Remove a content key's files of every render version now: an erased patient's handout must not stay."""
        unversioned = self._path(clinic_id, key).with_name(f"{key}.pdf")
        unversioned.unlink(missing_ok=True)
        for path in unversioned.parent.glob(f"{key}-*.pdf"):
            path.unlink(missing_ok=True)

    def _prune(self) -> None:
        """One bound for all clinics together (it is one disk); the least recently used go first."""
        def age(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except FileNotFoundError:  # another worker pruned it first
                return 0.0

        entries = sorted(self.folder.rglob("*.pdf"), key=age, reverse=True)
        for stale in entries[self.max_files :]:
            stale.unlink(missing_ok=True)
