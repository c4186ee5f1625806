"""The handout cache in Redis, for app hosts and render workers that share no disk.

A render worker on one host caches the PDF; the web host that serves the
download reads it back. Entries are named like the disk cache's files
(clinic, content key, render version) and trusted the same way: the caller
serves an entry only when its sha256 is one the database recorded. Each
entry expires ``ttl`` seconds after its last use, and an index sorted by last
use keeps at most ``max_files`` of them, the least recently used going first.
"""

from __future__ import annotations

import time

from clinic.pdf_cache import KEY_PATTERN, VERSION_PATTERN, HandoutCache
from clinic.redis_client import redis_client


class RedisHandoutCache(HandoutCache):
    """Same interface as the disk cache; ``folder`` is unused."""

    def __init__(self, url: str, max_files: int = 64, render_version: str = "", ttl: int = 7 * 24 * 3600,
                 namespace: str = "clinic") -> None:
        if not VERSION_PATTERN.match(render_version):
            raise ValueError("a render version is hex digits")
        self.redis = redis_client(url)
        self.prefix = f"{namespace}:handout"
        self.index = f"{self.prefix}:index"
        self.max_files = max_files
        self.render_version = render_version
        self.ttl = ttl

    def _name(self, clinic_id: int, key: str, version: str | None = None) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError("a handout cache key is a sha256 hex digest")
        version = self.render_version if version is None else version
        return f"{self.prefix}:{int(clinic_id)}:{key}-{version}"

    def get(self, clinic_id: int, key: str) -> bytes | None:
        name = self._name(clinic_id, key)
        with self.redis.pipeline() as pipe:
            pipe.get(name).expire(name, self.ttl).zadd(self.index, {name: time.time()}, xx=True)
            data = pipe.execute()[0]
        return data if isinstance(data, bytes) else None

    def put(self, clinic_id: int, key: str, pdf: bytes) -> None:
        """One transaction sets the entry and its place in the index; then the oldest beyond the bound go."""
        name = self._name(clinic_id, key)
        with self.redis.pipeline() as pipe:
            pipe.set(name, pdf, ex=self.ttl).zadd(self.index, {name: time.time()}).zcard(self.index)
            count = pipe.execute()[2]
        if count > self.max_files:
            stale = self.redis.zpopmin(self.index, count - self.max_files)
            if stale:
                self.redis.delete(*(entry for entry, _ in stale))

    def discard(self, clinic_id: int, key: str) -> None:
        """Remove a content key's entries of every render version: an erased patient's handout must not stay."""
        pattern = f"{self._name(clinic_id, key, '')}*"
        names = list(self.redis.scan_iter(match=pattern, count=500))
        if names:
            self.redis.delete(*names)
            self.redis.zrem(self.index, *names)
