"""``python -m benchmarks.handout``: handout export on a synthetic catalogue, standing alone.

The suite-wide ``python -m benchmarks`` measures exports in a large seeded
world with the shipped plugins (``handout_export``). This entry point needs no
seeding: it writes one temporary plugin of illustrated exercises (a different
picture each), a fresh SQLite database, and times, for 3, 10 and 25
exercises, the signed-in export route with the cache emptied before each call,
beside bare WeasyPrint and warm headless Chromium on the identical final HTML,
then the cache hit. It reuses the harness and the baselines of the suite.
Deliberately no ``run(ctx)``: the suite runner must not pick it up twice.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from benchmarks.environment import THERAPIST_EMAIL
from benchmarks.handout_export import (
    CHROMIUM,
    ChromiumPrinter,
    _export_call,
    export_rows,
    measure_baselines,
    measure_export,
    standalone_html,
)
from benchmarks.harness import Row, compare, machine_facts, table, time_calls
from benchmarks.part_mix import hit_rate_rows, part_cache_rows
from clinic import create_app
from clinic.db import db
from clinic.handout.options import HandoutOptions
from clinic.models import Clinic, Patient, ProgrammeItem, User
from clinic.services.programmes import create_programme, section_for_kind
from clinic.state import catalogue
from tests.handout_support import PLUGIN, write_demo_plugin

COUNTS = (3, 10, 25)
GROUP = "handout (synthetic)"


def _world(root: Path, largest: int):  # type: ignore[no-untyped-def]
    """A migrated database with one therapist and an app whose only content plugin is synthetic."""
    from flask_migrate import upgrade

    write_demo_plugin(root / "plugins", count=largest)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'bench.sqlite'}", "PLUGIN_DIRS": [str(root / "plugins")],
         "SECRET_KEY": "benchmark", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False},
        instance_path=str(root / "instance"),
    )
    with app.app_context():
        upgrade()
        clinic = Clinic(name="Bench clinic", phone="555-0100")
        db.session.add(clinic)
        db.session.flush()
        db.session.add(User(clinic_id=clinic.id, email=THERAPIST_EMAIL, name="Bench Therapist", password_hash="-"))
        db.session.commit()
    return app


def _programme(count: int) -> int:
    user = db.session.execute(db.select(User).filter_by(email=THERAPIST_EMAIL)).scalar_one()
    patient = Patient(clinic_id=user.clinic_id, display_name=f"Pat Bench{count}")
    db.session.add(patient)
    db.session.flush()
    library = catalogue()
    programme = create_programme(patient, user, library.protocols[f"{PLUGIN}.knee"])
    programme.items.clear()
    for position in range(count):
        exercise = library.exercise(f"{PLUGIN}.move_{position + 1}")
        programme.items.append(ProgrammeItem(exercise_id=exercise.id, section=section_for_kind(exercise.kind),
                                             level=0, dosage={}, position=position))
    db.session.commit()
    return programme.id


def measure(repeats: int, chromium: bool) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="clinic-handout-bench-") as folder:
        root = Path(folder)
        app = _world(root, max(COUNTS))
        printer = ChromiumPrinter(root) if chromium and Path(CHROMIUM).exists() else None
        try:
            for count in COUNTS:
                with app.app_context():
                    programme_id = _programme(count)
                export = _export_call(app, programme_id)
                label = f"{count} exercises"
                cold, *collector = measure_export(GROUP, label, app, export, repeats)
                html, base_url = standalone_html(app, programme_id, HandoutOptions())
                baselines = measure_baselines(GROUP, label, html, base_url, repeats, printer)
                rows += export_rows(cold, baselines) + collector
                rows += part_cache_rows(GROUP, label, app, export, repeats, cold, baselines.chromium)
                export()  # fill the cache
                hit = Row(GROUP, f"{label}: unchanged re-export (cache hit)", "ms", time_calls(export, repeats))
                rows.append(compare(hit, cold, "export"))
            rows += hit_rate_rows(GROUP, app, THERAPIST_EMAIL)
        finally:
            if printer is not None:
                printer.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.handout", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed calls per figure (median reported)")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium baseline")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.ERROR)
    rows = measure(args.repeats, chromium=not args.no_chromium)
    print(table(rows, machine_facts()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
