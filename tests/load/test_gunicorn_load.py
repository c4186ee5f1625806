"""Two gunicorn processes on one PostgreSQL database, under a short bounded load.

Simulated therapists (threads) sign in once and then, for a fixed time, edit
notes on a small shared pool of programmes, sometimes deliberately from an old
version, and export records and handouts, each request sent to either process
at random. Afterwards the database must hold exactly the acknowledged edits:
every 200 raised the version by one, every 409 changed nothing, and no request
answered 5xx. Each client also checks what it was told: the version an
acknowledged edit reports is the one that edit produced (the version it was
made on plus one), and each acknowledged note is still there or was replaced
by a later edit made on a version that already held it. A version read after
the commit could be another client's (issue 14 finding 2): the counts stayed
exact while a page went on to overwrite a save it had never seen.

A second test measures how long builder edits take while PDF exports run
beside them, and prints the figure (issue 14, "Also"); it asserts no timing.
Run by ``make test-load`` with DATABASE_URL set to PostgreSQL.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from tests.load.cluster import free_port, fresh_database, wait_until_up

pytestmark = pytest.mark.load

PROJECT_ROOT = Path(__file__).resolve().parents[2]
THERAPISTS = 6
LATENCY_EDITORS = 2
LATENCY_EXPORTERS = 6
LATENCY_SECONDS = float(os.environ.get("LATENCY_SECONDS", "15"))
PROGRAMMES = 3
ITEMS_PER_PROGRAMME = 4
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
PASSWORD = "load test password 1234"


@pytest.fixture(scope="module")
def load_url() -> Iterator[str]:
    with fresh_database("load") as url:
        yield url


@dataclass
class Seed:
    emails: list[str]
    patient_ids: list[int]
    programmes: dict[int, list[int]]  # programme id -> item ids
    versions: dict[int, int]


def _seed(url: str, instance: Path) -> Seed:
    from flask_migrate import upgrade

    from clinic import create_app
    from clinic.db import db
    from clinic.models import Clinic, Patient, Programme, ProgrammeItem, User
    from clinic.state import catalogue

    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, instance_path=str(instance))
    with app.app_context():
        upgrade()
        exercise_id = sorted(catalogue().exercises)[0]
        clinic = Clinic(name="Load clinic")
        db.session.add(clinic)
        db.session.flush()
        hashed = generate_password_hash(PASSWORD)
        emails = [f"t{i}@load.example" for i in range(THERAPISTS + LATENCY_EDITORS + LATENCY_EXPORTERS)]
        db.session.add_all(User(clinic_id=clinic.id, email=e, name=f"Therapist {i}", password_hash=hashed)
                           for i, e in enumerate(emails))
        patients = [Patient(clinic_id=clinic.id, display_name=f"Load Patient {i}") for i in range(PROGRAMMES)]
        db.session.add_all(patients)
        db.session.flush()
        programmes = []
        for patient in patients:
            programme = Programme(clinic_id=clinic.id, patient_id=patient.id, title="Load", referrals=[],
                                  schedule=[], progression_rules=[])
            programme.items = [ProgrammeItem(exercise_id=exercise_id, section="strength", position=i, note="start")
                               for i in range(ITEMS_PER_PROGRAMME)]
            db.session.add(programme)
            programmes.append(programme)
        db.session.commit()
        seed = Seed(emails, [p.id for p in patients], {p.id: [i.id for i in p.items] for p in programmes},
                    {p.id: p.version for p in programmes})
        db.session.remove()
        db.engine.dispose()
    return seed


@pytest.fixture(scope="module")
def servers(load_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], Seed]]:
    instance = tmp_path_factory.mktemp("load-instance")
    seed = _seed(load_url, instance)
    env = {**os.environ, "DATABASE_URL": load_url, "CLINIC_SECRET_KEY": secrets.token_hex(32),
           "CLINIC_RATELIMIT_STORAGE_URI": "memory://", "CLINIC_RATELIMIT_ENABLED": "false"}
    bin_dir = Path(sys.executable).parent
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        bases.append(f"http://127.0.0.1:{port}")
        processes.append(subprocess.Popen(
            [str(bin_dir / "gunicorn"), "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{port}",
             "--timeout", "120", "clinic.wsgi:app"],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        ))
    try:
        for base, process in zip(bases, processes, strict=True):
            wait_until_up(base, process, time.monotonic() + 60)
        yield bases, seed
    finally:
        for process in processes:  # only the processes this fixture started
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')


@dataclass(frozen=True)
class Ack:
    """An edit the server acknowledged, as the client saw it."""

    client: int
    programme: int
    item: int
    note: str
    sent: int  # the version the edit was made on
    reported: int  # what X-Programme-Version said

    @property
    def produced(self) -> int:
        """Edits are refused unless made on the saved version, and each raises it by one."""
        return self.sent + 1


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: dict[str, list[float]] = field(default_factory=dict)  # for the printed summary only
    lock: threading.Lock = field(default_factory=threading.Lock)


class Therapist:
    """One browser: its own cookies, signed in once, talking to either process."""

    def __init__(self, number: int, email: str, bases: list[str], seed: Seed, outcome: Outcome):
        self.number, self.email, self.bases, self.seed, self.outcome = number, email, bases, seed, outcome
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.random = random.Random(number)
        self.versions: dict[int, int] = {}
        self.token = ""
        self.sequence = 0

    def call(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict, str]:
        base = self.random.choice(self.bases)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(base + path, data=data, method=method)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, headers, body = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, dict(error.headers), error.read()
        kind = method + " " + re.sub(r"\d+", "N", path)
        with self.outcome.lock:
            self.outcome.statuses[status] += 1
            self.outcome.seconds.setdefault(kind, []).append(time.monotonic() - started)
        is_pdf = headers.get("Content-Type", "").startswith("application/pdf")
        return status, headers, "" if is_pdf else body.decode("utf-8", "replace")

    def expect(self, wanted: tuple[int, ...], status: int, what: str) -> bool:
        if status not in wanted:
            with self.outcome.lock:
                self.outcome.unexpected.append(f"{what}: {status}")
            return False
        return True

    def sign_in(self) -> None:
        status, _, page = self.call("GET", "/login")
        self.expect((200,), status, "login page")
        token = CSRF.search(page)
        assert token, "no CSRF token on the sign-in page"
        status, _, page = self.call("POST", "/login", {"email": self.email, "password": PASSWORD,
                                                       "csrf_token": token.group(1)})
        self.expect((200,), status, "sign in")
        self.refresh_token()

    def refresh_token(self) -> None:
        status, _, page = self.call("GET", "/patients")
        if self.expect((200,), status, "patients page") and (token := CSRF.search(page)):
            self.token = token.group(1)

    def load_version(self, programme_id: int) -> None:
        status, _, page = self.call("GET", f"/programmes/{programme_id}")
        if self.expect((200,), status, "builder page") and (match := VERSION.search(page)):
            self.versions[programme_id] = int(match.group(1))

    def edit_note(self, programme_id: int, stale: bool) -> None:
        if programme_id not in self.versions:
            self.load_version(programme_id)
        version = self.versions.get(programme_id, 1) - (1 if stale else 0)
        if version < 1:
            return
        item_id = self.random.choice(self.seed.programmes[programme_id])
        self.sequence += 1
        note = f"t{self.number}-{self.sequence}{'-stale' if stale else ''}"
        status, headers, _ = self.call("POST", f"/programmes/{programme_id}/items/{item_id}/note",
                                       {"note": note, "version": str(version), "csrf_token": self.token})
        if stale:
            if self.expect((409,), status, "stale edit"):
                with self.outcome.lock:
                    self.outcome.refused.append(note)
            return
        if status == 200:
            new_version = int(headers["X-Programme-Version"])
            self.versions[programme_id] = new_version
            with self.outcome.lock:
                self.outcome.acks.append(Ack(self.number, programme_id, item_id, note, version, new_version))
        elif self.expect((409,), status, "edit"):
            with self.outcome.lock:
                self.outcome.refused.append(note)
            self.load_version(programme_id)  # what a therapist does: load the latest and carry on

    def export(self, programme_id: int, patient_id: int) -> None:
        choice = self.random.random()
        if choice < 0.15:
            status, _, _ = self.call("POST", f"/programmes/{programme_id}/export", {"csrf_token": self.token})
            self.expect((200,), status, "handout PDF")
        elif choice < 0.6:
            status, _, _ = self.call("GET", f"/patients/{patient_id}/record.json")
            self.expect((200,), status, "record export")
        else:
            status, _, _ = self.call("GET", f"/programmes/{programme_id}/export.json")
            self.expect((200,), status, "programme export")

    def run(self, deadline: float) -> None:
        try:
            self.sign_in()
            programme_ids = sorted(self.seed.programmes)
            while time.monotonic() < deadline:
                index = self.random.randrange(len(programme_ids))
                roll = self.random.random()
                if roll < 0.7:
                    self.edit_note(programme_ids[index], stale=False)
                elif roll < 0.8:
                    self.edit_note(programme_ids[index], stale=True)
                else:
                    self.export(programme_ids[index], self.seed.patient_ids[index])
        except Exception as error:  # a crash in the driver must fail the test, not vanish in a thread
            with self.outcome.lock:
                self.outcome.unexpected.append(f"driver {self.number}: {error!r}")


def test_two_processes_keep_exactly_the_acknowledged_edits(servers: tuple[list[str], Seed], load_url: str) -> None:
    bases, seed = servers
    outcome = Outcome()
    deadline = time.monotonic() + LOAD_SECONDS
    therapists = [Therapist(i, email, bases, seed, outcome) for i, email in enumerate(seed.emails[:THERAPISTS])]
    threads = [threading.Thread(target=t.run, args=(deadline,)) for t in therapists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 300)
    print(f"\nstatuses {dict(outcome.statuses)}; {len(outcome.acks)} edits acknowledged, "
          f"{len(outcome.refused)} refused")
    for kind, times in sorted(outcome.seconds.items()):
        print(f"  {kind}: {len(times)} requests, median {sorted(times)[len(times) // 2]:.2f} s, max {max(times):.2f} s")

    assert not any(status >= 500 for status in outcome.statuses), outcome.statuses
    assert outcome.unexpected == []
    assert outcome.acks and outcome.refused

    engine = create_engine(load_url)
    with engine.connect() as conn:
        versions = dict(conn.execute(text("SELECT id, version FROM programme")).all())
        notes = dict(conn.execute(text("SELECT id, note FROM programme_item")).all())
        edits = Counter(row[0] for row in conn.execute(
            text("SELECT object_id FROM audit_event WHERE action = 'programme.edit'")))
    engine.dispose()

    # Per client: every acknowledged edit reported the version it produced, not a later one.
    wrong_headers = [a for a in outcome.acks if a.reported != a.produced]
    assert wrong_headers == [], f"{len(wrong_headers)} edits reported another edit's version: {wrong_headers[:5]}"
    for programme_id, item_ids in seed.programmes.items():
        acks = [a for a in outcome.acks if a.programme == programme_id]
        acked_versions = sorted(a.produced for a in acks)
        # Each acknowledged edit raised the version by exactly one, and no two shared one.
        assert acked_versions == list(range(seed.versions[programme_id] + 1,
                                            seed.versions[programme_id] + 1 + len(acks)))
        assert versions[programme_id] == seed.versions[programme_id] + len(acks)
        assert edits[programme_id] == len(acks)
        for item_id in item_ids:
            on_item = [a for a in acks if a.item == item_id]
            for ack in on_item:  # still there, or replaced by an edit made on a version that held it
                if notes[item_id] != ack.note:
                    assert any(b.sent >= ack.produced for b in on_item if b is not ack), \
                        f"client {ack.client}'s acknowledged note {ack.note!r} was overwritten unseen"
            expected = max(on_item, key=lambda a: a.produced).note if on_item else "start"
            assert notes[item_id] == expected
    assert not set(outcome.refused) & set(notes.values())


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _edit_phase(seed: Seed, editors: list[Therapist], exporters: list[Therapist],
                seconds: float) -> list[float]:
    """Editors edit notes while exporters print handouts; the editors' note-edit times come back."""
    programme_ids = sorted(seed.programmes)
    deadline = time.monotonic() + seconds

    def edit(therapist: Therapist) -> None:
        while time.monotonic() < deadline:
            therapist.edit_note(therapist.random.choice(programme_ids), stale=False)

    def export(therapist: Therapist) -> None:
        while time.monotonic() < deadline:
            index = therapist.random.randrange(len(programme_ids))
            status, _, _ = therapist.call("POST", f"/programmes/{programme_ids[index]}/export",
                                          {"csrf_token": therapist.token})
            therapist.expect((200,), status, "handout PDF")

    threads = [threading.Thread(target=edit, args=(t,)) for t in editors]
    threads += [threading.Thread(target=export, args=(t,)) for t in exporters]
    for outcome in {id(t.outcome): t.outcome for t in editors}.values():
        outcome.seconds.clear()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    return list(editors[0].outcome.seconds.get("POST /programmes/N/items/N/note", []))


def test_edit_latency_while_pdf_exports_run(servers: tuple[list[str], Seed]) -> None:
    """Prints builder edit times alone and beside PDF exports; the figure is reported, not asserted.

    Renders take the CPU (and, inside one process, the renderer's lock), so
    edits routed to a busy process wait. Keeping them fast is the job queue's
    work (the scale-out issue); this keeps the number in view.
    """
    bases, seed = servers
    editor_outcome, exporter_outcome = Outcome(), Outcome()
    first = THERAPISTS
    editors = [Therapist(i, seed.emails[i], bases, seed, editor_outcome) for i in range(first, first + LATENCY_EDITORS)]
    exporters = [Therapist(i, seed.emails[i], bases, seed, exporter_outcome)
                 for i in range(first + LATENCY_EDITORS, first + LATENCY_EDITORS + LATENCY_EXPORTERS)]
    for therapist in editors + exporters:
        therapist.sign_in()
    alone = _edit_phase(seed, editors, [], LATENCY_SECONDS)
    beside = _edit_phase(seed, editors, exporters, LATENCY_SECONDS)
    pdfs = exporter_outcome.seconds.get("POST /programmes/N/export", [])
    for label, times in (("alone", alone), (f"beside {LATENCY_EXPORTERS} clients exporting PDFs", beside)):
        print(f"\nbuilder note edits {label}: {len(times)} edits, p50 {_percentile(times, 0.5) * 1000:.0f} ms, "
              f"p95 {_percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    print(f"PDF exports meanwhile: {len(pdfs)}, p50 {_percentile(pdfs, 0.5):.2f} s")
    assert alone and beside and pdfs
    assert not any(status >= 500 for status in editor_outcome.statuses + exporter_outcome.statuses)
    assert editor_outcome.unexpected == [] and exporter_outcome.unexpected == []
