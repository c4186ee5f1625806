"""The sign-in limit is shared by every worker process when its storage is Redis.

A second Python process stands in for a second gunicorn worker. With
``memory://`` each process would count on its own; with Redis the eleventh
sign-in attempt is refused whichever process receives it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from clinic.web.security import LOGIN_LIMIT

REDIS_URL = "redis://127.0.0.1:6379"
PER_MINUTE = int(LOGIN_LIMIT.split()[0])

OTHER_WORKER = """
import json, sys
from clinic import create_app
config = json.loads(sys.argv[1])
app = create_app(config, instance_path=sys.argv[2])
client = app.test_client()
print(json.dumps([client.post("/login", data={"email": "nobody@example.org", "password": "x"}).status_code
                  for _ in range(int(sys.argv[3]))]))
"""


def _redis():  # type: ignore[no-untyped-def]
    redis = pytest.importorskip("redis")
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    return server


@pytest.mark.parametrize(("storage", "shared"), [(REDIS_URL, True), ("memory://", False)])
def test_sign_in_count_is_shared_across_processes_only_with_redis(app, app_config, tmp_path, storage, shared):
    server = _redis()
    prefix = f"clinic-test-{uuid.uuid4().hex}"  # this run's keys only
    config = {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage,
              "RATELIMIT_KEY_PREFIX": prefix}
    first = PER_MINUTE // 2
    other = subprocess.run([sys.executable, "-c", OTHER_WORKER, json.dumps(config), str(tmp_path / "other"),
                            str(first)], capture_output=True, text=True, check=True, timeout=120)
    assert 429 not in json.loads(other.stdout.strip().splitlines()[-1])

    from clinic import create_app

    here = create_app(config, instance_path=str(tmp_path / "here")).test_client()
    with here.application.app_context():
        statuses = [here.post("/login", data={"email": "nobody@example.org", "password": "x"}).status_code
                    for _ in range(PER_MINUTE - first + 1)]
    assert 429 not in statuses[:-1]
    assert (statuses[-1] == 429) is shared
    keys = server.keys(f"*{prefix}*")
    if keys:
        server.delete(*keys)
