"""Fixtures for render-job tests: an app on a real Redis queue of its own, and a worker run in this process."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import _base_config

REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_or_skip(url: str = REDIS_URL) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisError:
        pytest.skip(f"these tests need Redis at {url}")


def forget_namespace(namespace: str, url: str = REDIS_URL) -> None:
    """Remove every key a test's namespace left in Redis (queue, jobs, cached handouts)."""
    from redis import Redis

    connection = Redis.from_url(url)
    names = list(connection.scan_iter(match=f"*{namespace}*", count=1000))
    if names:
        connection.delete(*names)


@pytest.fixture
def queue_config(database_url: str, plugin_root: Path) -> Iterator[dict]:
    """Config for an app whose exports go on a Redis queue; its keys are removed afterwards."""
    redis_or_skip()
    namespace = f"test-{secrets.token_hex(4)}"
    yield {**_base_config(database_url), "PLUGIN_DIRS": [str(plugin_root)], "REDIS_URL": REDIS_URL,
           "REDIS_NAMESPACE": namespace, "RENDER_JOB_ATTEMPTS": 2}
    forget_namespace(namespace)


def work_off(app: Flask) -> None:
    """Run a render worker here until the queue is empty, as `flask render-worker --burst` would."""
    from clinic.jobs.worker import make_worker

    with app.app_context():  # a context (and so a database session) of its own, as a worker process has
        make_worker(app, name=f"test-worker-{secrets.token_hex(3)}").work(burst=True, logging_level="WARNING")
    from flask import has_app_context

    from clinic.db import db

    if has_app_context():
        db.session.expire_all()  # the test's own session: what the worker wrote is read afresh
