"""Generate a large synthetic catalogue and database for the benchmarks.

Generated data is written the way contributors write it (plugin folders of TOML
files and pictures), so start-up and search are measured on the real loading path.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from clinic.db import db
from clinic.models import Clinic, Patient, Programme, ProgrammeItem, User

KINDS = ("strength", "stretch", "balance", "mobility", "endurance", "warm_up")
REGIONS = ("hip", "knee", "ankle", "shoulder", "back", "neck", "wrist")
WORDS = ("bridge", "raise", "squat", "reach", "twist", "press", "hold", "march", "lift", "roll")

PLUGIN_INIT = '''"""A generated benchmark plugin."""

from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()
'''

PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120"><title>figure</title>'
    '<g fill="none" stroke="#222" stroke-width="6" stroke-linecap="round">'
    '<circle cx="100" cy="20" r="12" fill="#222"/><path d="M100 32 L100 75 L80 110 M100 75 L120 110'
    ' M100 45 L70 65 M100 45 L130 65"/></g></svg>'
)


def _exercise_toml(rng: random.Random, plugin: int, index: int) -> str:
    name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {plugin}-{index}"
    region = rng.choice(REGIONS)
    return textwrap.dedent(
        f'''
        name = "{name}"
        summary = "Helps your {region} move well."
        kind = "{rng.choice(KINDS)}"
        body_regions = ["{region}"]
        targets = ["{region}_targeted"]
        equipment = ["{rng.choice(["none", "band", "chair", "step"])}"]
        synonyms = ["{rng.choice(WORDS)} {index}"]
        starting_position = "Stand tall with your feet apart."
        steps = ["Move slowly.", "Hold for a moment.", "Come back to the start."]
        feel = "Mild work in your {region}."
        mistakes = ["Going too fast."]
        cues = ["Breathe out as you move."]

        [dosage]
        sets = [2, 3]
        reps = [8, 12]
        side = "each_side"

        [[levels]]
        step = -1
        name = "Smaller {name.lower()}"
        criterion = "Use this if the full move hurts."

        [[levels]]
        step = 1
        name = "Bigger {name.lower()}"
        criterion = "Move up when 3 sets of 12 feel easy."

        [[pictures]]
        file = "pictures/figure.svg"
        alt = "A person standing."
        licence = "CC0-1.0"
        author = "benchmark generator"
        '''
    )


def write_plugins(directory: Path, plugins: int = 50, exercises_each: int = 20, seed: int = 7) -> list[str]:
    """Write ``plugins`` folders of ``exercises_each`` exercises; return every exercise id."""
    rng = random.Random(seed)
    ids: list[str] = []
    for p in range(plugins):
        name = f"bench_{p:02d}"
        folder = directory / name
        (folder / "exercises").mkdir(parents=True, exist_ok=True)
        (folder / "pictures").mkdir(exist_ok=True)
        (folder / "__init__.py").write_text(PLUGIN_INIT)
        (folder / "plugin.toml").write_text(f'name = "{name}"\nversion = "1.0.0"\n')
        (folder / "pictures" / "figure.svg").write_text(PICTURE)
        for i in range(exercises_each):
            stem = f"ex_{i:03d}"
            (folder / "exercises" / f"{stem}.toml").write_text(_exercise_toml(rng, p, i))
            ids.append(f"{name}.{stem}")
    return ids


def _chunks(rows: list[dict], size: int = 5000) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def seed_database(
    exercise_ids: list[str],
    therapists: int = 100,
    patients: int = 10_000,
    programmes: int = 50_000,
    items_each: int = 5,
    seed: int = 11,
) -> dict[str, int]:
    """Bulk-insert clinics, therapists, patients and programmes with items."""
    rng = random.Random(seed)
    clinics = max(1, therapists // 10)
    db.session.execute(insert(Clinic), [{"name": f"Bench clinic {c}", "phone": "555-0000",
                                         "address": ""} for c in range(clinics)])
    clinic_ids = db.session.execute(select(Clinic.id).order_by(Clinic.id)).scalars().all()[-clinics:]
    password = generate_password_hash("bench-password")
    db.session.execute(insert(User), [
        {"clinic_id": clinic_ids[t % clinics], "email": f"bench{t}@bench.example", "name": f"Therapist {t}",
         "password_hash": password} for t in range(therapists)
    ])
    for chunk in _chunks([{"clinic_id": clinic_ids[p % clinics], "display_name": f"Patient {p}",
                           "reference": f"B-{p}"} for p in range(patients)]):
        db.session.execute(insert(Patient), chunk)
    patient_rows = db.session.execute(select(Patient.id, Patient.clinic_id).order_by(Patient.id)).all()[-patients:]
    programme_rows = []
    for n in range(programmes):
        patient_id, clinic_id = patient_rows[n % len(patient_rows)]
        programme_rows.append({"clinic_id": clinic_id, "patient_id": patient_id, "title": f"Programme {n}"})
    for chunk in _chunks(programme_rows):
        db.session.execute(insert(Programme), chunk)
    programme_ids = db.session.execute(select(Programme.id).order_by(Programme.id)).scalars().all()[-programmes:]
    item_rows = [
        {"programme_id": pid, "exercise_id": rng.choice(exercise_ids), "section": "strength",
         "level": 0, "dosage": {}, "position": pos, "note": ""}
        for pid in programme_ids for pos in range(items_each)
    ]
    for chunk in _chunks(item_rows):
        db.session.execute(insert(ProgrammeItem), chunk)
    db.session.commit()
    return {"clinics": clinics, "therapists": therapists, "patients": patients,
            "programmes": programmes, "items": len(item_rows)}
