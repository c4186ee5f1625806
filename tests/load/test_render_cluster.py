"""Two web hosts and two render workers on PostgreSQL and Redis; one worker dies mid-job.

Each process has an instance folder of its own, as separate hosts would, so
nothing can pass between them on disk: only the database and Redis are
shared. A therapist exports a dozen handouts through both web processes; as
soon as a job is rendering on the first worker, that worker's whole process
group is killed (a host losing power). The surviving worker finds the job
abandoned once its heartbeat stops, and retries it. At the end every job is
done exactly once: one issued handout and one export audit event per job,
the killed job tried twice, and every PDF downloaded (from the web host that
did not take the export) matches the checksum the database recorded.
Run by ``make test-load`` with DATABASE_URL set to PostgreSQL.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import os
import re
import secrets
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from tests.load.cluster import free_port, fresh_database, start, stop, wait_until_up
from tests.render_queue_support import forget_namespace, redis_or_skip

pytestmark = pytest.mark.load

REDIS_URL = "redis://127.0.0.1:6379/13"
PATIENTS = 12
EXERCISES = 6
PASSWORD = "cluster test password 1234"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
STATUS = re.compile(r'data-status="(\w+)"')


@dataclass
class Cluster:
    url: str
    web: list[str]
    workers: list  # subprocess.Popen, in the order started
    email: str
    programmes: list[int]


def _seed(url: str, instance: Path) -> tuple[str, list[int]]:
    from flask_migrate import upgrade

    from clinic import create_app
    from clinic.db import db
    from clinic.models import Clinic, Patient, Programme, ProgrammeItem, User
    from clinic.state import catalogue

    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, instance_path=str(instance))
    with app.app_context():
        upgrade()
        exercises = sorted(catalogue().exercises)[:EXERCISES]
        clinic = Clinic(name="Cluster clinic")
        db.session.add(clinic)
        db.session.flush()
        email = "therapist@cluster.example"
        db.session.add(User(clinic_id=clinic.id, email=email, name="Cluster Therapist",
                            password_hash=generate_password_hash(PASSWORD)))
        programmes = []
        for number in range(PATIENTS):
            patient = Patient(clinic_id=clinic.id, display_name=f"Patient Number{number}")
            db.session.add(patient)
            db.session.flush()
            programme = Programme(clinic_id=clinic.id, patient_id=patient.id, title="Cluster", referrals=[],
                                  schedule=[], progression_rules=[])
            programme.items = [ProgrammeItem(exercise_id=e, section="strength", position=i)
                               for i, e in enumerate(exercises)]
            db.session.add(programme)
            programmes.append(programme)
        db.session.commit()
        ids = [p.id for p in programmes]
        db.session.remove()
        db.engine.dispose()
    return email, ids


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    redis_or_skip(REDIS_URL)
    with fresh_database("cluster") as url:
        email, programmes = _seed(url, tmp_path_factory.mktemp("seed-host"))
        namespace = f"cluster-{secrets.token_hex(4)}"
        shared = {**os.environ, "DATABASE_URL": url, "CLINIC_SECRET_KEY": secrets.token_hex(32),
                  "CLINIC_REDIS_URL": REDIS_URL, "CLINIC_REDIS_NAMESPACE": namespace,
                  "CLINIC_RATELIMIT_ENABLED": "false", "CLINIC_RENDER_WORKER_HEARTBEAT": "1",
                  "CLINIC_RENDER_WORKER_GRACE": "3", "CLINIC_RENDER_JOB_ATTEMPTS": "3"}
        bin_dir = Path(sys.executable).parent
        processes, web = [], []
        try:
            for number in range(2):
                port = free_port()
                env = {**shared, "CLINIC_INSTANCE_PATH": str(tmp_path_factory.mktemp(f"web-host-{number}"))}
                processes.append(start([str(bin_dir / "gunicorn"), "--workers", "1", "--threads", "4", "--bind",
                                        f"127.0.0.1:{port}", "--timeout", "120", "clinic.wsgi:app"], env))
                web.append(f"http://127.0.0.1:{port}")
            workers = []
            for number in range(2):
                env = {**shared, "CLINIC_INSTANCE_PATH": str(tmp_path_factory.mktemp(f"render-host-{number}"))}
                workers.append(start([str(bin_dir / "flask"), "--app", "clinic", "render-worker",
                                      "--name", f"render-host-{number}"], env))
            processes += workers
            for base, process in zip(web, processes, strict=False):
                wait_until_up(base, process, time.monotonic() + 90)
            yield Cluster(url, web, workers, email, programmes)
        finally:
            stop(processes)
            forget_namespace(namespace, REDIS_URL)


class Browser:
    """One therapist's browser: its own cookies, signed in, sending each request to the host it names."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def call(self, host: int, method: str, path: str, form: dict[str, str] | None = None,
             htmx: bool = False) -> tuple[int, bytes]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.cluster.web[host] + path, data=data, method=method,
                                         headers={"HX-Request": "true"} if htmx else {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def sign_in(self) -> None:
        _, page = self.call(0, "GET", "/login")
        token = CSRF.search(page.decode())
        assert token
        status, page = self.call(1, "POST", "/login", {"email": self.cluster.email, "password": PASSWORD,
                                                       "csrf_token": token.group(1)})
        assert status == 200
        found = CSRF.search(page.decode())
        assert found
        self.token = found.group(1)


def _db_rows(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql)).all()]
    finally:
        engine.dispose()


def _kill_mid_job(cluster: Cluster, deadline: float) -> int:
    """Wait until the first worker is rendering a job, then kill its host; returns the job's id."""
    engine = create_engine(cluster.url)
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                row = conn.execute(text("SELECT id FROM render_job WHERE status = 'rendering' "
                                        "AND worker LIKE :name ORDER BY id LIMIT 1"),
                                   {"name": f"%:{cluster.workers[0].pid}"}).first()
            if row is not None:
                os.killpg(cluster.workers[0].pid, signal.SIGKILL)
                cluster.workers[0].wait(timeout=10)
                return int(row[0])
            time.sleep(0.02)
    finally:
        engine.dispose()
    raise AssertionError("the first worker never started a job")


def test_every_job_completes_exactly_once_when_a_worker_dies_mid_job(cluster: Cluster) -> None:
    browser = Browser(cluster)
    browser.sign_in()
    jobs: dict[int, int] = {}  # job id -> the web host that took the export
    for number, programme in enumerate(cluster.programmes):
        host = number % 2
        status, body = browser.call(host, "POST", f"/programmes/{programme}/export",
                                    {"csrf_token": browser.token}, htmx=True)
        assert status == 200, body[:300]
        found = re.search(rb'id="job-(\d+)"', body)
        assert found, body[:300]
        jobs[int(found.group(1))] = host
    killed = _kill_mid_job(cluster, time.monotonic() + 60)

    deadline = time.monotonic() + 180
    statuses: dict[int, str] = {}
    while time.monotonic() < deadline:
        for job, host in jobs.items():  # asked of the other host than the one that took the export
            _, body = browser.call(1 - host, "GET", f"/jobs/{job}", htmx=True)
            found = STATUS.search(body.decode())
            statuses[job] = found.group(1) if found else "?"
        if all(s in ("done", "failed") for s in statuses.values()):
            break
        time.sleep(1)
    assert set(statuses.values()) == {"done"}, statuses

    rows = _db_rows(cluster.url, "SELECT j.id, j.attempts, h.pdf_sha256, j.worker FROM render_job j "
                                 "JOIN issued_handout h ON h.id = j.issued_handout_id")
    assert len(rows) == len(jobs)
    assert _db_rows(cluster.url, "SELECT count(*) FROM issued_handout")[0][0] == len(jobs)
    assert _db_rows(cluster.url, "SELECT count(*) FROM audit_event WHERE action = 'export'")[0][0] == len(jobs)
    assert _db_rows(cluster.url, "SELECT count(DISTINCT programme_id) FROM issued_handout")[0][0] == len(jobs)
    by_job = {job: (attempts, sha, worker) for job, attempts, sha, worker in rows}
    assert by_job[killed][0] == 2, by_job[killed]  # the killed try, then the surviving worker's
    assert by_job[killed][2].endswith(f":{cluster.workers[1].pid}")
    for job, host in jobs.items():
        status, pdf = browser.call(1 - host, "GET", f"/jobs/{job}/pdf")
        assert status == 200 and pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdf).hexdigest() == by_job[job][1], f"job {job}: the PDF is not the recorded one"
    print(f"\n{len(jobs)} jobs on 2 web hosts and 2 render workers; worker killed during job {killed}, "
          f"which the other worker finished on try {by_job[killed][0]}")
