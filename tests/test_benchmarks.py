"""`python -m benchmarks --quick` runs end to end and prints its table; no timing is asserted.

Only the builder benchmark runs here (a seeded world, signed-in requests, the
table and the JSON), which keeps the test to seconds; the rendering and
gunicorn benchmarks are exercised by `make bench`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from clinic.config import PROJECT_ROOT


def test_quick_run_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "builder", "--json", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    header = next(line for line in done.stdout.splitlines() if line.startswith("benchmark"))
    for column in ("median", "p95", "vs baseline", "target"):
        assert column in header
    assert "builder: static file (baseline)" in done.stdout
    assert "builder: add exercise" in done.stdout
    assert "load average" in done.stdout
    rows = json.loads(out.read_text())["rows"]
    names = {row["name"] for row in rows}
    assert {"library search", "change dosage", "reorder (drag and drop)", "preview"} <= names
    dosage = next(row for row in rows if row["name"] == "change dosage")
    assert dosage["baseline"] == "static" and dosage["ratio"] > 0 and len(dosage["samples"]) == 4


def test_unknown_benchmark_name_is_refused() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "no_such_thing"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "no benchmark named no_such_thing" in done.stderr
