"""Timing, statistics and the one results table every benchmark feeds.

Each figure is reported beside a baseline measured in the same run, on the same
machine, a moment apart: a ratio survives a busy machine far better than an
absolute time does, and the load average printed with the table says how busy
it was.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sizes:
    """How big a run is; ``quick`` makes a smoke run that only proves every path works."""

    quick: bool = False
    repeats: int = 15
    process_repeats: int = 7  # figures whose every sample starts a new process
    batches: int = 3
    exercise_counts: tuple[int, ...] = (3, 10, 25)
    plugins: int = 50
    exercises_each: int = 20
    therapists: int = 100
    patients: int = 10_000
    programmes: int = 50_000
    concurrent_exports: int = 40
    chromium: bool = True

    @classmethod
    def quick_run(cls) -> Sizes:
        return cls(quick=True, repeats=2, process_repeats=1, batches=1, exercise_counts=(3,), plugins=3,
                   exercises_each=5, therapists=2, patients=20, programmes=40, concurrent_exports=2, chromium=False)


@dataclass
class Row:
    """One line of the table: a figure, its baseline, and the target it is held to."""

    group: str
    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    # CPU seconds of this process per call, in ms: on a machine shared with other work
    # it moves far less than wall time, so it tells a slow machine from slow code.
    cpu_samples: list[float] = field(default_factory=list)
    median: float | None = None
    p95: float | None = None
    baseline: str | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_samples) if self.cpu_samples else None

    def summarise(self) -> Row:
        if isinstance(self.samples, Timings) and not self.cpu_samples:
            self.cpu_samples = list(self.samples.cpu)
        if self.samples and self.median is None:
            self.median = statistics.median(self.samples)
            self.p95 = percentile(self.samples, 95)
        return self


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with few samples it is the worst of the top 5%, never interpolated."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


class Timings(list):
    """Wall-clock milliseconds per call, with the CPU milliseconds of each call beside them."""

    cpu: list[float]


def time_calls(action: Callable[[], Any], repeats: int, warmup: int = 1,
               before: Callable[[], Any] | None = None,
               cpu_clock: Callable[[], float] = time.process_time) -> Timings:
    """Milliseconds per call; ``before`` runs untimed ahead of each call (e.g. clearing a cache).

    The garbage collector is run between calls, not during them, so one call
    does not pay for another's garbage. ``cpu_clock`` (seconds) is this
    process's CPU unless a figure's work happens elsewhere (a browser's
    processes: ``benchmarks.process_cpu.tree_cpu_seconds``).
    """
    for _ in range(warmup):
        if before:
            before()
        action()
    samples = Timings()
    samples.cpu = []
    for _ in range(repeats):
        if before:
            before()
        gc.collect()
        start, cpu_start = time.perf_counter(), cpu_clock()
        action()
        samples.append((time.perf_counter() - start) * 1000)
        samples.cpu.append((cpu_clock() - cpu_start) * 1000)
    return samples


def compare(row: Row, baseline: Row, label: str | None = None) -> Row:
    """Set ``row``'s ratio to its baseline's median (how many times slower or bigger)."""
    row.summarise()
    baseline.summarise()
    row.baseline = label or baseline.name
    if row.median is not None and baseline.median:
        row.ratio = row.median / baseline.median
    return row


def compare_cpu(row: Row, baseline: Row, label: str) -> Row:
    """Set ``row``'s ratio to its baseline's median *CPU* time: the fair figure on a busy machine."""
    row.summarise()
    baseline.summarise()
    row.baseline = f"{label} CPU"
    if row.cpu_median is not None and baseline.cpu_median:
        row.ratio = row.cpu_median / baseline.cpu_median
    return row


def same_samples(row: Row, name: str, **fields: Any) -> Row:
    """A second line for figures already measured, to hold another ratio (e.g. CPU against another baseline)."""
    row.summarise()
    return Row(row.group, name, row.unit, list(row.samples), list(row.cpu_samples), **fields)


def machine_facts() -> dict[str, Any]:
    load1, load5, load15 = os.getloadavg()
    return {"cores": os.cpu_count(), "load_average": [round(load1, 2), round(load5, 2), round(load15, 2)],
            "python": platform.python_version(), "platform": platform.platform()}


def _figure(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(rows: list[Row], facts: dict[str, Any]) -> str:
    """A plain-text table: one line per figure, grouped, with the target verdict."""
    headers = ("benchmark", "n", "median", "p95", "unit", "cpu med", "vs baseline", "target", "met")
    lines = []
    for row in rows:
        row.summarise()
        verdict = {True: "yes", False: "NO", None: ""}[row.met]
        ratio = f"{row.ratio:.2f}x {row.baseline}" if row.ratio is not None else ""
        lines.append((f"{row.group}: {row.name}", str(len(row.samples) or ""), _figure(row.median),
                      _figure(row.p95), row.unit, _figure(row.cpu_median), ratio, row.target, verdict))
    widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(headers)]
    out = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
           "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    notes = [f"  {row.group}: {row.name}: {row.note}" for row in rows if row.note]
    load = facts["load_average"]
    out.append(f"\n{facts['cores']} cores, load average {load[0]} / {load[1]} / {load[2]} (1/5/15 min) at the end")
    if notes:
        out += ["Notes:", *notes]
    return "\n".join(out)


def write_json(rows: list[Row], facts: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": facts, "rows": [asdict(row.summarise()) for row in rows]}
    path.write_text(json.dumps(payload, indent=2))
