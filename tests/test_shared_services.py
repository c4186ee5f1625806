"""What hosts share through Redis: the handout cache (trusted only by checksum) and the sign-in limiter."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import Patient, User
from clinic.pdf_cache import HandoutCache, pdf_key
from clinic.pdf_cache_redis import RedisHandoutCache
from clinic.services.records import erase_patient
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.handout_support import demo_programme
from tests.render_queue_support import REDIS_URL, queue_config, work_off  # noqa: F401


@pytest.fixture
def app_config(queue_config: dict) -> dict:  # noqa: F811
    return queue_config


def a_key() -> str:
    return hashlib.sha256(secrets.token_bytes(8)).hexdigest()


def test_the_app_caches_in_redis_and_points_the_limiter_there(app: Flask) -> None:
    assert isinstance(HandoutCache.for_app("ab"), RedisHandoutCache)
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL


def test_an_explicit_limiter_store_is_kept(queue_config: dict, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from clinic import create_app

    app = create_app({**queue_config, "RATELIMIT_STORAGE_URI": "memory://"}, instance_path=str(tmp_path / "i"))
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_entries_are_per_clinic_and_version_bounded_and_discarded(app: Flask) -> None:
    cache = RedisHandoutCache(REDIS_URL, max_files=2, render_version="aa", namespace=app.config["REDIS_NAMESPACE"])
    first, second, third = a_key(), a_key(), a_key()
    cache.put(1, first, b"%PDF one")
    assert cache.get(1, first) == b"%PDF one"
    assert cache.get(2, first) is None  # another clinic's entry is never reached
    newer = RedisHandoutCache(REDIS_URL, 2, "bb", namespace=app.config["REDIS_NAMESPACE"])
    assert newer.get(1, first) is None  # a new render version lays the handout out again
    cache.put(1, second, b"%PDF two")
    cache.get(1, first)  # used again: the least recently used is now the second
    cache.put(1, third, b"%PDF three")
    assert cache.get(1, second) is None and cache.get(1, first) == b"%PDF one"
    newer.put(1, first, b"%PDF one, newer layout")
    cache.discard(1, first)
    assert cache.get(1, first) is None and newer.get(1, first) is None  # every version goes
    with pytest.raises(ValueError):
        cache.get(1, "../../etc")


def test_a_download_on_another_host_reads_the_workers_file_and_erasure_removes_it(
        app: Flask, signed_in: FlaskClient, patient: Patient, therapist: User) -> None:
    programme = demo_programme(patient, therapist)
    signed_in.post(f"/programmes/{programme.id}/export", headers={"HX-Request": "true"})
    work_off(app)
    from clinic.models import IssuedHandout, PatientLink

    handout = db.session.execute(db.select(IssuedHandout)).scalar_one()
    link = db.session.get(PatientLink, handout.patient_link_id)
    from clinic.handout.render_version import render_version

    cache = HandoutCache.for_app(render_version())
    stored = cache.get(handout.clinic_id, pdf_key(handout.content_key, link.token_hash if link else None))
    assert stored is not None and hashlib.sha256(stored).hexdigest() == handout.pdf_sha256
    erase_patient(db.session.get(Patient, patient.id))
    db.session.commit()
    assert cache.get(handout.clinic_id, pdf_key(handout.content_key, link.token_hash if link else None)) is None

