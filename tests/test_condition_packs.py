"""The condition packs: they load, and a handout holds every warning sign.

A condition pack is a plugin folder whose routines (``protocols/*.toml``) borrow
exercises from ``common_exercises`` by id; the packs are found from the folders,
so a new pack is tested as soon as it exists. These tests need that plugin too.
The handout test prints one real PDF per routine (the default pick, so it stays
quick) and reads it back with pypdf: a referral criterion that the layout drops
or cuts short fails here by name.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT
from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.handout_support import page_texts


def _routine_files(pack: Path) -> list[Path]:
    """A plugin folder's protocol files, without the translations (``routine.es.toml``)."""
    return sorted(path for path in (pack / "protocols").glob("*.toml") if "." not in path.stem)


def _borrows_common(path: Path) -> bool:
    """True when the protocol file uses an exercise of ``common_exercises``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = (item for section in data.get("sections", []) for item in section.get("items", []))
    return any(str(item.get("exercise", "")).startswith("common_exercises.") for item in items)


PACKS = tuple(
    sorted(
        pack.name
        for pack in (PROJECT_ROOT / "plugins").iterdir()
        if pack.is_dir() and any(_borrows_common(path) for path in _routine_files(pack))
    )
)
# Every routine a pack ships, read from its folder so a new routine is tested as soon as it exists.
ROUTINES = sorted(f"{pack}.{path.stem}" for pack in PACKS for path in _routine_files(PROJECT_ROOT / "plugins" / pack))


def test_packs_are_found():
    """The folder scan finds the packs, so a broken scan cannot pass by testing nothing."""
    assert {"low_back_pain", "knee_osteoarthritis", "neck_pain", "hip_osteoarthritis", "shoulder_pain",
            "lateral_elbow_pain", "plantar_heel_pain", "falls_prevention"} <= set(PACKS)


def _words(text: str) -> str:
    """Text as words only: pypdf's line breaks and the handout's punctuation do not count."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


@pytest.mark.parametrize("pack", PACKS)
def test_pack_loads_with_its_own_exercises_and_a_routine(app, pack):
    cat = catalogue(app)
    record = cat.plugin(pack)
    assert record is not None, f"plugin {pack} not found"
    assert record.enabled, record.error
    own = [e for key, e in cat.exercises.items() if cat.owners[key] == pack]
    assert 3 <= len(own) <= 6
    for exercise in own:
        assert len(exercise.levels) >= 2, exercise.id
        assert all(level.picture for level in exercise.levels), exercise.id
        assert "es" in exercise.translations and not exercise.translations["es"].reviewed, exercise.id
    assert record.protocols >= 1


@pytest.mark.parametrize("routine", ROUTINES)
def test_routine_shape(app, routine):
    protocol = catalogue(app).protocols[routine]
    items = [item for section in protocol.sections for item in section.items]
    # Up to 14 items: each pack offers its own exercises as optional extras beside the default pick.
    assert 6 <= len(items) <= 14
    assert any(item.optional for item in items) and any(not item.optional for item in items)
    assert any(item.exercise.startswith("common_exercises.") for item in items)
    tiers = {referral.tier for referral in protocol.referrals}
    assert tiers == {"urgent", "doctor", "therapist"}
    assert protocol.flare_up and protocol.progression_rules and protocol.schedule and protocol.references
    assert str(protocol.pain_rule.ceiling) in protocol.pain_rule.wording
    assert not protocol.translations["es"].reviewed


@pytest.mark.parametrize("routine", ROUTINES)
def test_handout_prints_every_referral_criterion(app, patient, therapist, routine):
    protocol = catalogue(app).protocols[routine]
    programme = create_programme(patient, therapist, protocol)
    db.session.commit()
    options = HandoutOptions()
    pdf = render_pdf(build_snapshot(programme, therapist, options), options)
    printed = _words(" ".join(page_texts(pdf)))
    missing = [r.text for r in protocol.referrals if _words(r.text) not in printed]
    assert not missing, f"{routine}: the handout lacks {missing}"
    assert _words(protocol.pain_rule.wording) in printed


def test_the_library_holds_at_least_120_distinct_exercises(app):
    """Issue 16's floor: a therapist can build for most patients from what ships."""
    shipped = {path.name for path in (PROJECT_ROOT / "plugins").iterdir() if path.is_dir()}
    exercises = {key: e for key, e in catalogue().exercises.items() if key.split(".")[0] in shipped}
    names = {exercise.name.casefold() for exercise in exercises.values()}
    assert len(exercises) >= 120, len(exercises)
    assert len(names) == len(exercises), "two exercises share a name"
