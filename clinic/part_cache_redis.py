"""Handout parts in Redis, for render workers on several hosts (issue 17 with issue 19's queue).

On one host the part cache is a folder (``clinic.part_cache``). With the
render queue, renders run on whichever worker host takes the job, so a part
laid out (or prefilled) on one host must be found by the others: with
``HANDOUT_CACHE_URL`` set, parts live in that Redis beside the finished
handouts. Each entry is the sha256 of its bytes, then the bytes, and is read
back only when they still match, as the folder's file names are checked.
Entries are one clinic's each, bounded in number (``HANDOUT_PART_CACHE_ENTRIES``)
and expire after ``HANDOUT_CACHE_TTL`` without use.
"""

from __future__ import annotations

import hashlib
import logging

from clinic.pdf_cache import KEY_PATTERN
from clinic.redis_client import redis_client
from clinic.redis_lru import RedisLRU

log = logging.getLogger(__name__)
DIGEST = 32


class RedisPartCache:
    """The interface of ``clinic.part_cache.PartCache``, in Redis."""

    def __init__(self, url: str, max_entries: int, ttl: int, namespace: str = "clinic") -> None:
        self.prefix = f"{namespace}:part"
        self.entries = RedisLRU(redis_client(url), self.prefix, max_entries, ttl)

    def _name(self, clinic_id: int, key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise ValueError("a part key is a sha256 hex digest")
        return f"{self.prefix}:{int(clinic_id)}:{key}"

    def get(self, clinic_id: int, key: str) -> bytes | None:
        name = self._name(clinic_id, key)
        stored = self.entries.get(name)
        if stored is None:
            return None
        digest, pdf = stored[:DIGEST], stored[DIGEST:]
        if hashlib.sha256(pdf).digest() == digest:
            return pdf
        log.warning("cached part %s of clinic %s does not match its checksum; removed", key, clinic_id)
        self.entries.remove(name)
        return None

    def put(self, clinic_id: int, key: str, pdf: bytes) -> None:
        self.entries.put(self._name(clinic_id, key), hashlib.sha256(pdf).digest() + pdf)

    def clear(self, clinic_id: int) -> None:
        """Drop a clinic's parts: erasing a patient cannot tell which parts held their therapist's notes."""
        self.entries.remove_matching(f"{self.prefix}:{int(clinic_id)}:*")
