"""Every patient-facing sentence that a shipped plugin provides reads at grade 7 or below.

Patients read these handouts at home without anyone to explain them, so the
reading level is checked on the data itself, not on a sample. Exercise names
and synonyms are left out: "hamstring" or "quadriceps" are the words people
will hear from their therapist and should see in print. ``check-plugin`` warns
on a narrower set of fields; this test is the gate over everything we ship,
picture descriptions and protocol tables included.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from clinic.catalogue import handout_sections
from clinic.config import PROJECT_ROOT
from clinic.contributor.advice import MAX_GRADE, grade
from clinic.db import db
from clinic.exercise_data import Exercise, Protocol
from clinic.handout.resolve import resolve_programme
from clinic.models import Clinic
from clinic.services.programmes import create_programme
from clinic.state import catalogue, clinic_state

LONG_STRING_WORDS = 12
SHIPPED_PLUGINS_DIR = PROJECT_ROOT / "plugins"


def _sentence(text: str) -> str:
    """End a string with a full stop, so list items are not read as one long sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def exercise_texts(exercise: Exercise) -> Iterator[str]:
    """Every string of an exercise that a patient may read, its name aside."""
    yield exercise.summary
    yield exercise.starting_position
    yield from exercise.steps
    yield exercise.feel
    yield from exercise.mistakes
    yield from exercise.cues
    yield from exercise.cautions
    for picture in exercise.pictures:
        yield picture.alt
        if picture.caption:
            yield picture.caption
    for level in exercise.levels:
        yield level.criterion
        if level.summary:
            yield level.summary
        yield from level.steps or ()
        if level.picture:
            yield level.picture.alt


def protocol_texts(protocol: Protocol) -> Iterator[str]:
    """Every string of a protocol that the handout prints."""
    yield protocol.summary
    yield protocol.goal
    for section in protocol.sections:
        yield section.instructions
        yield from (item.note for item in section.items if item.note)
    for entry in protocol.schedule:
        yield from entry.what
    yield from protocol.activity_changes
    yield from (rule.text for rule in protocol.progression_rules)
    yield from protocol.mistakes
    for row in protocol.flare_up:
        yield row.avoid
        yield row.instead
    yield protocol.pain_rule.wording
    yield from (referral.text for referral in protocol.referrals)


def _shipped(app: Flask) -> set[str]:
    """Names of the plugins that live in the repository's plugins folder."""
    return {
        record.name
        for record in catalogue(app).plugins
        if record.enabled and record.root is not None and record.root.is_relative_to(SHIPPED_PLUGINS_DIR)
    }


def _too_hard(label: str, texts: list[str]) -> list[str]:
    """Judge the texts together, and each long one alone; return what fails, with its grade."""
    failures = []
    combined = " ".join(_sentence(t) for t in texts)
    if combined and (level := grade(combined)) > MAX_GRADE:
        failures.append(f"{label} (all text together): grade {level:.1f}")
    for text in texts:
        if len(text.split()) > LONG_STRING_WORDS and (level := grade(_sentence(text))) > MAX_GRADE:
            failures.append(f"{label}: grade {level:.1f}: {text!r}")
    return failures


def test_shipped_plugins_are_found(app):
    assert {"runners_knee", "warmups"} <= _shipped(app)


def test_exercise_text_reads_at_grade_seven_or_below(app):
    shipped = _shipped(app)
    cat = catalogue(app)
    failures = []
    checked = 0
    for exercise_id, exercise in cat.exercises.items():
        if cat.owners[exercise_id] in shipped:
            failures += _too_hard(exercise_id, list(exercise_texts(exercise)))
            checked += 1
    print("\n".join(failures))
    assert checked >= 15
    assert not failures, "\n".join(failures)


def test_protocol_text_reads_at_grade_seven_or_below(app):
    shipped = _shipped(app)
    cat = catalogue(app)
    failures = []
    protocols = [p for p in cat.protocols.values() if p.id.split(".")[0] in shipped]
    for protocol in protocols:
        failures += _too_hard(protocol.id, list(protocol_texts(protocol)))
    print("\n".join(failures))
    assert protocols
    assert not failures, "\n".join(failures)


def test_handout_sections_read_at_grade_seven_or_below(app, patient, therapist):
    """Sections added at print time (built-in tips, plugin advice) are judged on a real programme."""
    cat = catalogue(app)
    programme = create_programme(patient, therapist, cat.protocols["runners_knee.routine"])
    db.session.flush()
    resolved = resolve_programme(programme, patient, db.session.get(Clinic, patient.clinic_id), therapist, cat)
    errors: list[str] = []
    sections = handout_sections(clinic_state(app).pm, resolved, "en", lambda name, e: errors.append(e))
    assert not errors
    assert sections
    failures = []
    for section in sections:
        failures += _too_hard(section.id, [*section.paragraphs, *section.bullets])
    print("\n".join(failures))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ("Lie on your side. Lift your top knee. Lower it slowly.", False),
        (
            "Proprioceptive neuromuscular facilitation necessitates considerable "
            "interdisciplinary coordination regarding contraindications.",
            True,
        ),
    ],
)
def test_the_check_can_tell_plain_from_hard_text(text, fails):
    assert bool(_too_hard("sample", [text])) is fails

