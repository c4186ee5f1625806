"""Start-up: ``create_app`` with the 50 generated plugins, beside ``create_app`` with no plugin folders.

Each sample is a fresh Python process (as a gunicorn worker or ``flask run``
starts), so plugin modules are imported and TOML files parsed for real rather
than found in ``sys.modules``. Only the ``create_app`` call is timed; the
process's imports before it are the same for both rows.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.context import BenchContext
from benchmarks.harness import Row, compare
from clinic.config import PROJECT_ROOT

GROUP = "start-up"
TARGET_MS = 1500
PROBE = """
import json, sys, time
from clinic import create_app
config = json.loads(sys.argv[1])
start, cpu_start = time.perf_counter(), time.process_time()
app = create_app(config, instance_path=sys.argv[2])
elapsed, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu_start) * 1000
from clinic.state import catalogue
print(json.dumps({"ms": elapsed, "cpu_ms": cpu, "exercises": len(catalogue(app).exercises)}))
"""


def create_app_ms(config: dict, instance: str) -> tuple[float, float, int]:
    """One cold ``create_app`` in a new process: wall and CPU milliseconds, exercises loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(config), instance], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["ms"], answer["cpu_ms"], answer["exercises"]


def run(ctx: BenchContext) -> list[Row]:
    instance = str(ctx.scratch("startup-instance"))
    repeats = ctx.sizes.process_repeats
    with_plugins = ctx.world.config()
    without = ctx.world.config(PLUGIN_DIRS=[])
    if not ctx.sizes.quick:
        create_app_ms(with_plugins, instance)  # warm the OS file cache and byte-code files first
    baseline = Row(GROUP, "create_app, no plugin folders (baseline)", "ms")
    row = Row(GROUP, "create_app, generated plugins", "ms", target=f"p95 < {TARGET_MS} ms")
    for _ in range(repeats):
        for sample, config in ((baseline, without), (row, with_plugins)):
            elapsed, cpu, loaded = create_app_ms(config, instance)
            sample.samples.append(elapsed)
            sample.cpu_samples.append(cpu)
    row.name = f"create_app, {loaded:,} exercises"
    compare(row, baseline, "no plugins")
    row.met = row.p95 is not None and row.p95 < TARGET_MS
    return [baseline, row]
