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
start = time.perf_counter()
app = create_app(config, instance_path=sys.argv[2])
elapsed = (time.perf_counter() - start) * 1000
from clinic.state import catalogue
print(json.dumps({"ms": elapsed, "exercises": len(catalogue(app).exercises)}))
"""


def create_app_ms(config: dict, instance: str) -> tuple[float, int]:
    """One cold ``create_app`` in a new process: milliseconds and exercises loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(config), instance], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["ms"], answer["exercises"]


def run(ctx: BenchContext) -> list[Row]:
    instance = str(ctx.scratch("startup-instance"))
    repeats = max(3, ctx.sizes.repeats // 2)  # each sample is a whole process start
    with_plugins = ctx.world.config()
    without = ctx.world.config(PLUGIN_DIRS=[])
    create_app_ms(with_plugins, instance)  # warm the OS file cache and byte-code files first
    bare, loaded = [], 0
    samples = []
    for _ in range(repeats):
        bare.append(create_app_ms(without, instance)[0])
        elapsed, loaded = create_app_ms(with_plugins, instance)
        samples.append(elapsed)
    baseline = Row(GROUP, "create_app, no plugin folders (baseline)", "ms", bare)
    row = compare(Row(GROUP, f"create_app, {loaded:,} exercises", "ms", samples,
                      target=f"p95 < {TARGET_MS} ms"), baseline, "no plugins")
    row.met = row.p95 is not None and row.p95 < TARGET_MS
    return [baseline, row]
