"""Concurrent exports through gunicorn (2 workers), and a worker's peak memory during a 25-exercise export.

Throughput is held against the physical limit of the machine: cores divided by
the bare WeasyPrint time for the same handout, measured in this run. Every
export is of a different patient's programme, so each one renders (no cache
hits). Memory is read from ``/proc``: VmHWM is the worker's peak resident set
since it started, so it covers the whole export, not a sample of it.
"""

from __future__ import annotations

import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.context import BenchContext
from benchmarks.environment import handout_programme
from benchmarks.handout_export import bare_weasyprint, standalone_html
from benchmarks.harness import Row, compare, time_calls
from benchmarks.server import Client, Gunicorn, gunicorn, proc_status_kib
from clinic.handout.options import HandoutOptions

GROUP = "gunicorn"
WORKERS = 2
THROUGHPUT_SHARE = 0.8
MEMORY_TARGET_MB = 250


def _programmes(ctx: BenchContext, count: int, how_many: int, name: str) -> list[int]:
    app = ctx.world.app("concurrency-setup")
    with app.app_context():
        return [handout_programme(count, name=f"{name} {i}").id for i in range(how_many)]


def _bare_ms(ctx: BenchContext, count: int, programme_id: int) -> float:
    """The bare render time measured by the export benchmark, or measured here if it did not run."""
    known = ctx.shared.get(f"bare_weasyprint_ms_{count}")
    if known:
        return known
    html, base_url = standalone_html(ctx.world.app("concurrency-setup"), programme_id, HandoutOptions())
    return statistics.median(time_calls(lambda: bare_weasyprint(html, base_url), max(3, ctx.sizes.repeats // 3)))


def memory_rows(server: Gunicorn, programme_ids: list[int], count: int) -> list[Row]:
    """Idle RSS of the workers, then their peak after each has (very likely) done a big export."""
    pids = server.worker_pids()
    idle = Row("memory", "worker RSS after start-up (baseline)", "MB",
               [proc_status_kib(pid, "VmRSS") / 1024 for pid in pids])
    clients = [Client(server.url) for _ in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda pair: pair[0].export(pair[1]),
                      [(clients[i % WORKERS], pid) for i, pid in enumerate(programme_ids)]))
    peak = Row("memory", f"worker peak RSS, {count}-exercise export", "MB",
               [proc_status_kib(pid, "VmHWM") / 1024 for pid in pids], target=f"max < {MEMORY_TARGET_MB} MB")
    peak.summarise()
    peak.note = f"max over {len(pids)} workers: {max(peak.samples):.0f} MB"
    peak.met = max(peak.samples) < MEMORY_TARGET_MB
    return [idle, compare(peak, idle, "idle")]


def throughput_rows(server: Gunicorn, batches: list[list[int]], limit_per_minute: float, count: int) -> list[Row]:
    clients = [Client(server.url) for _ in range(WORKERS * 2)]  # twice the workers keeps both busy
    latencies: list[float] = []
    rates: list[float] = []

    def timed_export(pair: tuple[Client, int]) -> None:
        start = time.perf_counter()
        pair[0].export(pair[1])
        latencies.append((time.perf_counter() - start) * 1000)

    for batch in batches:
        start = time.perf_counter()
        with ThreadPoolExecutor(len(clients)) as pool:
            list(pool.map(timed_export, [(clients[i % len(clients)], pid) for i, pid in enumerate(batch)]))
        rates.append(len(batch) / (time.perf_counter() - start) * 60)
    limit = Row(GROUP, f"physical limit: {os.cpu_count()} cores / bare render ({count} exercises)",
                "handouts/min", median=limit_per_minute, p95=None)
    rate = Row(GROUP, f"{WORKERS} workers, {len(clients)} clients: throughput", "handouts/min", rates,
               target=f">= {THROUGHPUT_SHARE:.0%} of limit")
    compare(rate, limit, "limit")
    rate.met = rate.ratio is not None and rate.ratio >= THROUGHPUT_SHARE
    latency = Row(GROUP, f"{WORKERS} workers, {len(clients)} clients: export latency", "ms", latencies)
    return [limit, rate, latency]


def run(ctx: BenchContext) -> list[Row]:
    big = max(ctx.sizes.exercise_counts)
    typical = 10 if 10 in ctx.sizes.exercise_counts else min(ctx.sizes.exercise_counts)
    batches = ctx.sizes.batches
    per_batch = max(2, ctx.sizes.concurrent_exports // batches)
    memory_ids = _programmes(ctx, big, WORKERS if ctx.sizes.quick else WORKERS * 2, "Memory")
    load_ids = _programmes(ctx, typical, per_batch * batches, "Load")
    bare_ms = _bare_ms(ctx, typical, load_ids[0])
    limit_per_minute = (os.cpu_count() or 1) * 60_000 / bare_ms
    with gunicorn(ctx.world, WORKERS) as server:
        rows = memory_rows(server, memory_ids, big)
        groups = [load_ids[i * per_batch : (i + 1) * per_batch] for i in range(batches)]
        rows += throughput_rows(server, groups, limit_per_minute, typical)
    return rows
