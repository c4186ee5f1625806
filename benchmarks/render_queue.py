"""Exports on the render queue: throughput against 1, 2 and 4 render workers, queue latency, edits under load.

Each render worker is its own process with its own instance folder, as a
separate host would be; they share the benchmark's database and a Redis
namespace of their own. Throughput is held against the physical limit of
the cores the workers can use (``min(workers, cores)`` x 60 s / the bare
WeasyPrint time of the same handout, measured in this run): on this 2-core
machine 4 workers cannot beat 2 cores, so their ratio says what queueing
and recording cost beyond the render itself.

Builder edits (a note, as a therapist types) are timed alone, then while 20
exports run: on the queue (2 workers beside the web process) and, for
comparison, with no queue (every export rendering inside the web workers).
The issue's target: on the queue, edits stay within 2x their idle p95.
"""

from __future__ import annotations

import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import create_engine, text

from benchmarks.concurrency import _bare_ms, _programmes
from benchmarks.context import BenchContext
from benchmarks.harness import Row, compare, percentile
from benchmarks.server import Client, deployment_env, gunicorn
from clinic.config import PROJECT_ROOT

GROUP = "render queue"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
EXPORTS = 20
EDIT_TARGET = 2.0


def _redis_up() -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except RedisError:
        return False


@contextmanager
def render_workers(ctx: BenchContext, env: dict[str, str], count: int) -> Iterator[list[subprocess.Popen]]:
    """``count`` render-worker processes, each with an instance folder of its own; stopped on leaving."""
    processes = []
    try:
        for number in range(count):
            folder = ctx.scratch(f"render-host-{count}-{number}-{secrets.token_hex(2)}")
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "clinic", "render-worker", "--name",
                 f"bench-{count}-{number}-{secrets.token_hex(2)}"],
                cwd=PROJECT_ROOT, env={**env, "CLINIC_INSTANCE_PATH": str(folder)},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait_for_workers(env["CLINIC_REDIS_NAMESPACE"], count)
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for_workers(namespace: str, count: int, limit_s: float = 120) -> None:
    from redis import Redis
    from rq import Queue, Worker

    queue = Queue(f"{namespace}:handouts", connection=Redis.from_url(REDIS_URL))
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if Worker.count(queue=queue) >= count:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{count} render workers did not start in time")


def _jobs_of(database_url: str, programme_ids: list[int]) -> list[tuple[str, datetime, datetime | None,
                                                                         datetime | None]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            marks = ",".join(str(int(i)) for i in programme_ids)
            return [tuple(row) for row in conn.execute(text(  # type: ignore[misc]
                f"SELECT status, created_at, started_at, finished_at FROM render_job WHERE programme_id IN ({marks})"
            )).all()]
    finally:
        engine.dispose()


def _stamp(value: datetime | str) -> float:
    return (datetime.fromisoformat(value) if isinstance(value, str) else value).timestamp()


def _enqueue_all(client: Client, programme_ids: list[int]) -> None:
    for programme_id in programme_ids:
        client.post(f"/programmes/{programme_id}/export")  # answers at once with the job's page


def _wait_done(database_url: str, programme_ids: list[int], limit_s: float = 900) -> list[tuple]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        jobs = _jobs_of(database_url, programme_ids)
        if len(jobs) == len(programme_ids) and all(j[0] in ("done", "failed") for j in jobs):
            return jobs
        time.sleep(0.25)
    raise RuntimeError("the render workers did not finish in time")


def throughput_rows(ctx: BenchContext, env: dict[str, str], server_url: str, limit_one: float,
                    worker_counts: tuple[int, ...], count: int) -> list[Row]:
    """Per worker count: exports a minute against min(workers, cores) cores, and enqueue-to-start latency."""
    rows: list[Row] = []
    client = Client(server_url)
    cores = os.cpu_count() or 1
    for workers in worker_counts:
        ids = _programmes(ctx, count, max(2, EXPORTS // (4 if ctx.sizes.quick else 1)), f"Queue {workers}w")
        with render_workers(ctx, env, workers):
            _enqueue_all(client, ids)
            jobs = _wait_done(ctx.world.database_url, ids)
        start = min(_stamp(j[1]) for j in jobs)
        end = max(_stamp(j[3]) for j in jobs if j[3])
        used = min(workers, cores)
        limit = Row(GROUP, f"physical limit: {used} core(s) / bare render ({count} exercises)", "handouts/min",
                    median=limit_one * used, p95=None)
        rate = Row(GROUP, f"{workers} render worker(s): exports a minute", "handouts/min",
                   median=len(jobs) / (end - start) * 60, p95=None, target="ratio to the cores' limit")
        compare(rate, limit, "limit")
        waits = [(_stamp(j[2]) - _stamp(j[1])) * 1000 for j in jobs if j[2]]
        wait = Row(GROUP, f"{workers} render worker(s): queue latency, enqueue to start", "ms", waits)
        wait.summarise()
        wait.note = f"p50 {statistics.median(waits):.0f} ms over {len(waits)} jobs"
        rows += [limit, rate, wait]
    return rows


class Editor:
    """A therapist typing notes: each edit sent with the version the last answer gave."""

    def __init__(self, base_url: str, programme_id: int, item_id: int, version: int) -> None:
        self.client = Client(base_url)
        self.programme_id, self.item_id, self.version = programme_id, item_id, version
        self.times: list[float] = []

    def edit(self, note: str) -> None:
        body = urllib.parse.urlencode({"note": note, "version": str(self.version)}).encode()
        url = f"{self.client.base_url}/programmes/{self.programme_id}/items/{self.item_id}/note"
        started = time.perf_counter()
        with self.client.opener.open(urllib.request.Request(url, data=body), timeout=120) as response:
            response.read()
            self.version = int(response.headers["X-Programme-Version"])
        self.times.append((time.perf_counter() - started) * 1000)


def _editor(ctx: BenchContext, server_url: str) -> Editor:
    from clinic.db import db
    from clinic.models import ProgrammeItem

    [programme_id] = _programmes(ctx, 3, 1, f"Editing {secrets.token_hex(2)}")
    app = ctx.world.app("render-queue-edits")
    with app.app_context():
        item = db.session.execute(db.select(ProgrammeItem).filter_by(programme_id=programme_id)).scalars().first()
        assert item is not None
        version = item.programme.version
        item_id = item.id
    page = Client(server_url).opener.open(f"{server_url}/programmes/{programme_id}").read().decode()
    found = re.search(r'data-version="(\d+)"', page)
    return Editor(server_url, programme_id, item_id, int(found.group(1)) if found else version)


def _edit_while(editor: Editor, busy: threading.Event | None, seconds: float) -> list[float]:
    """Edits every 100 ms: for ``seconds``, or while ``busy`` is set."""
    editor.times = []
    deadline = time.monotonic() + seconds
    sequence = 0
    while (busy.is_set() if busy is not None else time.monotonic() < deadline):
        sequence += 1
        editor.edit(f"edit {sequence}")
        time.sleep(0.1)
    return list(editor.times)


def edit_rows(ctx: BenchContext, env: dict[str, str], server_url: str, count: int, exports: int,
              on_queue: bool) -> list[Row]:
    """Edits alone, then beside ``exports`` exports (all sent at once, as 20 therapists pressing Export)."""
    editor = _editor(ctx, server_url)
    idle = _edit_while(editor, None, 3 if ctx.sizes.quick else 8)
    ids = _programmes(ctx, count, exports, f"Edit load {'q' if on_queue else 'w'}")
    busy = threading.Event()
    busy.set()
    finished: list[int] = []

    def export_one(client: Client, programme_id: int) -> None:
        client.export(programme_id)  # raises unless the answer is a PDF
        finished.append(programme_id)

    def export_all() -> None:
        try:
            if on_queue:
                _enqueue_all(Client(server_url), ids)
                jobs = _wait_done(ctx.world.database_url, ids)
                finished.extend(ids[i] for i, job in enumerate(jobs) if job[0] == "done")
            else:
                clients = [Client(server_url) for _ in range(exports)]
                threads = [threading.Thread(target=export_one, args=(c, i)) for c, i in zip(clients, ids, strict=True)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
        finally:
            busy.clear()

    exporter = threading.Thread(target=export_all)
    exporter.start()
    loaded = _edit_while(editor, busy, 0)
    exporter.join()
    where = "on the queue (2 render workers)" if on_queue else "in the web process (no queue)"
    alone = Row(GROUP, f"builder note edit, idle ({where})", "ms", idle)
    beside = Row(GROUP, f"builder note edit beside {exports} exports {where}", "ms", loaded,
                 target=f"p95 <= {EDIT_TARGET:.0f}x idle p95" if on_queue else "")
    alone.summarise()
    beside.summarise()
    compare(beside, alone, "idle")
    if beside.p95 is not None and alone.p95:
        beside.note = (f"p95 {beside.p95:.0f} ms vs idle p95 {alone.p95:.0f} ms: {beside.p95 / alone.p95:.1f}x; "
                       f"{len(finished)} of {exports} exports finished")
        if on_queue:
            beside.met = beside.p95 <= EDIT_TARGET * alone.p95
    return [alone, beside]


def run(ctx: BenchContext) -> list[Row]:
    if not _redis_up():
        ctx.notes.append(f"render queue: skipped, no Redis at {REDIS_URL}")
        return []
    typical = 10 if 10 in ctx.sizes.exercise_counts else min(ctx.sizes.exercise_counts)
    probe = _programmes(ctx, typical, 1, "Queue probe")[0]
    bare_ms = _bare_ms(ctx, typical, probe)
    limit_one = 60_000 / bare_ms
    namespace = f"bench-{secrets.token_hex(3)}"
    env = deployment_env(ctx.world, CLINIC_REDIS_URL=REDIS_URL, CLINIC_REDIS_NAMESPACE=namespace)
    counts = (1,) if ctx.sizes.quick else (1, 2, 4)
    exports = 2 if ctx.sizes.quick else EXPORTS
    try:
        with gunicorn(ctx.world, 2, "render-queue-web", env=env) as server:
            rows = throughput_rows(ctx, env, server.url, limit_one, counts, typical)
            with render_workers(ctx, env, 2):
                rows += edit_rows(ctx, env, server.url, typical, exports, on_queue=True)
        with gunicorn(ctx.world, 2, "render-inline-web") as server:
            rows += edit_rows(ctx, deployment_env(ctx.world), server.url, typical, exports, on_queue=False)
    finally:
        _forget(namespace)
    return rows


def _forget(namespace: str) -> None:
    from redis import Redis

    connection = Redis.from_url(REDIS_URL)
    names = list(connection.scan_iter(match=f"*{namespace}*", count=1000))
    if names:
        connection.delete(*names)


__all__ = ["run", "percentile"]
