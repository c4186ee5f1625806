"""Issue 17 on issue 19's hosts: handout parts kept in Redis, and prefilled by the render workers."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from flask import Flask

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.part_render import print_in_parts
from clinic.handout.parts import split
from clinic.handout.render import render_html
from clinic.handout.render_version import EXTENSION_KEY
from clinic.jobs.prefill import enqueue_prefills, prefill_queue
from clinic.models import Clinic, Patient, User
from clinic.part_cache import PartCache
from clinic.part_cache_redis import RedisPartCache
from clinic.redis_client import redis_client
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.render_queue_support import REDIS_URL, queue_config, work_off  # noqa: F401


@pytest.fixture
def app_config(queue_config: dict) -> dict:  # noqa: F811
    return {**queue_config, "HANDOUT_PART_CACHE": True}


def a_key() -> str:
    return hashlib.sha256(secrets.token_bytes(8)).hexdigest()


def test_with_a_shared_handout_cache_the_parts_are_in_redis_too(app: Flask) -> None:
    assert isinstance(PartCache.for_app(), RedisPartCache)


def test_parts_in_redis_are_per_clinic_checked_on_read_bounded_and_cleared(app: Flask) -> None:
    cache = RedisPartCache(REDIS_URL, max_entries=2, ttl=60, namespace=app.config["REDIS_NAMESPACE"])
    first, second, third = a_key(), a_key(), a_key()
    cache.put(1, first, b"%PDF part one")
    assert cache.get(1, first) == b"%PDF part one"
    assert cache.get(2, first) is None  # never another clinic's part

    name = cache._name(1, first)
    stored = redis_client(REDIS_URL).get(name)
    redis_client(REDIS_URL).set(name, stored[:-1] + b"!")  # type: ignore[index]  # damaged in the store
    assert cache.get(1, first) is None and redis_client(REDIS_URL).get(name) is None  # refused and removed

    cache.put(1, first, b"%PDF part one")
    cache.put(1, second, b"%PDF part two")
    cache.get(1, first)  # used again: the second is now the least recently used
    cache.put(1, third, b"%PDF part three")
    assert cache.get(1, second) is None and cache.get(1, first) == b"%PDF part one"
    cache.put(2, second, b"%PDF the other clinic's")
    cache.clear(1)
    assert cache.get(1, first) is None and cache.get(1, third) is None
    assert cache.get(2, second) == b"%PDF the other clinic's"
    with pytest.raises(ValueError):
        cache.get(1, "../../etc")


def test_a_starting_worker_queues_each_prefill_once_and_the_first_patient_then_hits(
        app: Flask, patient: Patient, therapist: User) -> None:
    app.extensions.pop(EXTENSION_KEY, None)  # the render version follows the switch
    clinics = db.session.execute(db.select(db.func.count(Clinic.id))).scalar_one()
    protocols = catalogue().protocols
    queue = prefill_queue()
    assert queue is not None
    assert enqueue_prefills(queue) == clinics * len(protocols) > 0
    assert enqueue_prefills(queue) == 0  # a second worker starting finds them queued
    work_off(app)  # the worker takes them once no handout is waiting
    assert queue.count == 0

    options = HandoutOptions()
    protocol = protocols[sorted(protocols)[0]]
    programme = create_programme(patient, therapist, protocol)
    db.session.commit()
    page = render_html(build_snapshot(programme, therapist, options), options)
    printed = print_in_parts(programme.clinic_id, page, options)
    parts = len(split(page)[2])
    assert parts >= 3 and printed.misses == 0 and printed.hits == parts - 1  # every part but the patient's


def test_with_the_switch_off_no_prefill_is_queued(app: Flask) -> None:
    app.config["HANDOUT_PART_CACHE"] = False
    queue = prefill_queue()
    assert queue is not None and enqueue_prefills(queue) == 0
