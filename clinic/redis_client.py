"""One Redis client per address and process, for the queue and the shared handout cache.

A client holds a pool of sockets; one made before gunicorn forks would share
them between workers, so the process id is part of the key.
"""

from __future__ import annotations

import os
from functools import lru_cache

from redis import Redis


def redis_client(url: str) -> Redis:
    """The client for ``url`` in this process (thread-safe: redis-py pools its connections)."""
    return _client(url, os.getpid())


@lru_cache(maxsize=8)
def _client(url: str, pid: int) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=3, health_check_interval=30)
