"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


MAX_ID = 2**31 - 1
"""The largest id an INTEGER column holds on PostgreSQL (SQLite's limit is higher).

Any id from a request is checked against it before it reaches a query, so an
out-of-range number is "not found" rather than a database error.
"""


def is_valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID
