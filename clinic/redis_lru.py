"""Bounded, expiring byte entries in Redis, least recently used first out: the shared caches' one store.

Both Redis caches (finished handouts, ``clinic.pdf_cache_redis``; handout
parts, ``clinic.part_cache_redis``) keep entries the same way: each expires
``ttl`` seconds after its last use, and an index sorted by last use keeps at
most ``max_entries`` of them. A read refreshes both in one round trip; a write
sets the entry and its place in the index in one transaction, then drops the
oldest beyond the bound.
"""

from __future__ import annotations

import time

from redis import Redis


class RedisLRU:
    def __init__(self, redis: Redis, prefix: str, max_entries: int, ttl: int) -> None:
        self.redis = redis
        self.prefix = prefix
        self.index = f"{prefix}:index"
        self.max_entries = max_entries
        self.ttl = ttl

    def get(self, name: str) -> bytes | None:
        with self.redis.pipeline() as pipe:
            pipe.get(name).expire(name, self.ttl).zadd(self.index, {name: time.time()}, xx=True)
            data = pipe.execute()[0]
        return data if isinstance(data, bytes) else None

    def put(self, name: str, data: bytes) -> None:
        with self.redis.pipeline() as pipe:
            pipe.set(name, data, ex=self.ttl).zadd(self.index, {name: time.time()}).zcard(self.index)
            count = pipe.execute()[2]
        if count > self.max_entries:
            stale = self.redis.zpopmin(self.index, count - self.max_entries)
            if stale:
                self.redis.delete(*(entry for entry, _ in stale))

    def remove(self, name: str) -> None:
        self.redis.delete(name)
        self.redis.zrem(self.index, name)

    def remove_matching(self, pattern: str) -> None:
        """Every entry whose name matches ``pattern`` (a Redis glob), e.g. all of one clinic's."""
        names = list(self.redis.scan_iter(match=pattern, count=500))
        if names:
            self.redis.delete(*names)
            self.redis.zrem(self.index, *names)
