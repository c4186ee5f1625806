"""The world every benchmark runs in: generated plugins, a seeded database, an app.

Built fresh in a temporary folder on each run with the project's own seeding
code (``clinic.services.bench_data``), so anyone reproduces the same figures
with one command. Handout programmes use the shipped plugins' real text and
pictures, cycling through level variants so a 25-exercise handout has 25
different pictures, as a real one would.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from benchmarks.harness import Sizes
from clinic import create_app
from clinic.catalogue import Catalogue
from clinic.config import PROJECT_ROOT
from clinic.db import db
from clinic.models import Patient, Programme, ProgrammeItem, User
from clinic.services.bench_data import seed_database, write_plugins
from clinic.services.programmes import create_programme, section_for_kind
from clinic.state import catalogue

SHIPPED_PLUGINS = PROJECT_ROOT / "plugins"
PROTOCOL = "runners_knee.routine"
THERAPIST_EMAIL = "bench0@bench.example"


@dataclass
class BenchWorld:
    root: Path
    plugin_dir: Path
    database_url: str
    counts: dict[str, int]

    def config(self, **overrides: Any) -> dict[str, Any]:
        """App config for this world; CSRF and rate limits off as in the test suite's client."""
        return {
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "PLUGIN_DIRS": [str(SHIPPED_PLUGINS), str(self.plugin_dir)],
            "SECRET_KEY": "benchmark-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            **overrides,
        }

    def app(self, instance: str = "instance", **overrides: Any) -> Flask:
        return create_app(self.config(**overrides), instance_path=str(self.root / instance))


@contextmanager
def bench_world(sizes: Sizes) -> Iterator[BenchWorld]:
    """Write the plugins and seed a SQLite database (migrated, so indexes are the real ones)."""
    from flask_migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as folder:
        root = Path(folder)
        plugin_dir = root / "generated-plugins"
        world = BenchWorld(root, plugin_dir, f"sqlite:///{root / 'bench.sqlite'}", {})
        ids = write_plugins(plugin_dir, sizes.plugins, sizes.exercises_each)
        app = world.app(instance="seed-instance")
        with app.app_context():
            upgrade()
            world.counts = seed_database(ids, sizes.therapists, sizes.patients, sizes.programmes)
            db.session.remove()
        yield world


def therapist() -> User:
    return db.session.execute(db.select(User).filter_by(email=THERAPIST_EMAIL)).scalar_one()


def illustrated_items(library: Catalogue, count: int) -> list[tuple[str, int]]:
    """(exercise id, level) pairs from the shipped plugins: every exercise first, then its levels."""
    shipped = [e for e in library.exercises.values() if library.owners.get(e.id, "").startswith(("runners", "warm"))]
    pairs = [(e.id, 0) for e in shipped]
    pairs += [(e.id, step) for e in shipped for step in e.ladder() if step != 0]
    if len(pairs) < count:
        raise RuntimeError(f"only {len(pairs)} illustrated exercise variants, {count} wanted")
    return pairs[:count]


def handout_programme(count: int, name: str = "Handout Bench") -> Programme:
    """A committed programme of ``count`` illustrated exercises for a patient of the bench therapist."""
    user = therapist()
    patient = Patient(clinic_id=user.clinic_id, display_name=f"{name} {count}", reference=f"H-{count}")
    db.session.add(patient)
    db.session.flush()
    library = catalogue()
    programme = create_programme(patient, user, library.protocols[PROTOCOL])
    programme.items.clear()
    for position, (exercise_id, step) in enumerate(illustrated_items(library, count)):
        kind = library.exercise(exercise_id).kind
        programme.items.append(ProgrammeItem(exercise_id=exercise_id, section=section_for_kind(kind),
                                             level=step, dosage={}, position=position))
    db.session.commit()
    return programme


def sign_in(client: Any, user: User) -> None:
    """Sign in as the bench therapist the way the test suite does: by session, no password hashing."""
    from clinic.web.sessions import session_values

    with client.session_transaction() as session:
        session.update(session_values(user))
