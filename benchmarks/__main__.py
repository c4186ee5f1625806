"""``python -m benchmarks``: run every benchmark in this folder and print one table.

Each module here with a ``run(ctx) -> list[Row]`` function is a benchmark;
they run in the order of ``ORDER`` (any new module after them), in one
freshly seeded world, and the rows go to one table and to
``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import time
from pathlib import Path

from benchmarks.context import BenchContext
from benchmarks.environment import bench_world
from benchmarks.harness import Row, Sizes, machine_facts, table, write_json

HERE = Path(__file__).parent
ORDER = ["startup", "builder", "handout_export", "concurrency"]
SUPPORT = {"__main__", "compare", "context", "environment", "harness", "part_mix", "process_cpu", "server"}


def benchmark_modules(only: list[str] | None) -> list[str]:
    found = [m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name not in SUPPORT]
    names = [n for n in ORDER if n in found] + sorted(n for n in found if n not in ORDER)
    if only:
        unknown = set(only) - set(names)
        if unknown:
            raise SystemExit(f"no benchmark named {', '.join(sorted(unknown))}; there are: {', '.join(names)}")
        names = [n for n in names if n in only]
    return [n for n in names if hasattr(importlib.import_module(f"benchmarks.{n}"), "run")]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run: tiny data, few repeats")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmark modules")
    parser.add_argument("--repeats", type=int, help="calls timed per figure (default 15, quick 3)")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium baseline")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to write JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.ERROR)
    sizes = Sizes.quick_run() if args.quick else Sizes()
    if args.repeats:
        sizes = Sizes(**{**sizes.__dict__, "repeats": args.repeats})
    if args.no_chromium:
        sizes = Sizes(**{**sizes.__dict__, "chromium": False})
    names = benchmark_modules(args.only)
    started = time.perf_counter()
    rows: list[Row] = []
    with bench_world(sizes) as world:
        ctx = BenchContext(sizes, world)
        print(f"Seeded in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in world.counts.items()), file=sys.stderr, flush=True)
        for name in names:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            rows += importlib.import_module(f"benchmarks.{name}").run(ctx)
        notes = ctx.notes
    facts = machine_facts()
    facts["seconds"] = round(time.perf_counter() - started, 1)
    facts["sizes"] = sizes.__dict__
    print(table(rows, facts))
    for note in notes:
        print(f"  {note}")
    write_json(rows, facts, args.json)
    missed = [r for r in rows if r.met is False]
    print(f"\n{len(rows)} figures in {facts['seconds']} s; targets missed: {len(missed)}. JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
