"""The handout cache in Redis, for app hosts and render workers that share no disk.

A render worker on one host caches the PDF; the web host that serves the
download reads it back. Entries are named like the disk cache's files
(clinic, content key, render version) and trusted the same way: the caller
serves an entry only when its sha256 is one the database recorded. Each
entry expires ``ttl`` seconds after its last use, and at most ``max_files`` are
kept, the least recently used going first (``clinic.redis_lru``).
"""

from __future__ import annotations

from clinic.pdf_cache import KEY_PATTERN, VERSION_PATTERN, HandoutCache
from clinic.redis_client import redis_client
from clinic.redis_lru import RedisLRU


class RedisHandoutCache(HandoutCache):
    """Same interface as the disk cache; ``folder`` is unused."""

    def __init__(self, url: str, max_files: int = 64, render_version: str = "", ttl: int = 7 * 24 * 3600,
                 namespace: str = "clinic") -> None:
        if not VERSION_PATTERN.match(render_version):
            raise ValueError("a render version is hex digits")
        self.prefix = f"{namespace}:handout"
        self.entries = RedisLRU(redis_client(url), self.prefix, max_files, ttl)
        self.render_version = render_version

    def _name(self, clinic_id: int, key: str, version: str | None = None) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError("a handout cache key is a sha256 hex digest")
        version = self.render_version if version is None else version
        return f"{self.prefix}:{int(clinic_id)}:{key}-{version}"

    def get(self, clinic_id: int, key: str) -> bytes | None:
        return self.entries.get(self._name(clinic_id, key))

    def put(self, clinic_id: int, key: str, pdf: bytes) -> None:
        self.entries.put(self._name(clinic_id, key), pdf)

    def discard(self, clinic_id: int, key: str) -> None:
        """Remove a content key's entries of every render version: an erased patient's handout must not stay."""
        self.entries.remove_matching(f"{self._name(clinic_id, key, '')}*")
