"""``python -m benchmarks.compare BEFORE.json AFTER.json``: two runs side by side, figure by figure.

Wall time moves with whatever else the machine is doing, so the CPU column
(this process's own CPU time per call) and the ratio to the same run's
baseline are printed beside it; the load average of each run is in the header.
No ``run(ctx)``: the suite runner does not pick this module up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _rows(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    data = json.loads(path.read_text())
    return data["machine"], {f"{r['group']}: {r['name']}": r for r in data["rows"]}


def _cpu(row: dict[str, Any] | None) -> float | None:
    samples = (row or {}).get("cpu_samples") or []
    return sorted(samples)[len(samples) // 2] if samples else None


def _fmt(value: float | None, ratio: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}x" if ratio else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def compare_runs(before: Path, after: Path) -> str:
    machine_b, rows_b = _rows(before)
    machine_a, rows_a = _rows(after)
    header = ("figure", "before", "after", "cpu before", "cpu after", "ratio before", "ratio after", "met")
    lines = [header]
    for name in list(rows_a) + [n for n in rows_b if n not in rows_a]:
        b, a = rows_b.get(name), rows_a.get(name)
        met = {True: "yes", False: "NO", None: ""}[(a or {}).get("met")]
        lines.append((name, _fmt((b or {}).get("median")), _fmt((a or {}).get("median")), _fmt(_cpu(b)),
                      _fmt(_cpu(a)), _fmt((b or {}).get("ratio"), True), _fmt((a or {}).get("ratio"), True), met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [f"before: load {machine_b['load_average']}, after: load {machine_a['load_average']} (1/5/15 min)"]
    out += [" | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m benchmarks.compare BEFORE.json AFTER.json")
    print(compare_runs(Path(sys.argv[1]), Path(sys.argv[2])))
