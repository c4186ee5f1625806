"""Every patient-facing sentence that a shipped plugin provides reads at grade 7 or below.

Patients read these handouts at home without anyone to explain them, so the
reading level is checked on the data itself, not on a sample. Exercise names
and synonyms are left out: "hamstring" or "quadriceps" are the words people
will hear from their therapist and should see in print. ``check-plugin`` warns
on a narrower set of fields; this test is the gate over everything we ship,
picture descriptions and protocol tables included.
"""

from __future__ import annotations

import pytest
from flask import Flask

from clinic.catalogue import handout_sections
from clinic.config import PROJECT_ROOT
from clinic.contributor.reading import MAX_GRADE, exercise_texts, hard_texts, overall_grade, protocol_texts
from clinic.db import db
from clinic.handout.resolve import resolve_programme
from clinic.models import Clinic
from clinic.services.programmes import create_programme
from clinic.state import catalogue, clinic_state

SHIPPED_PLUGINS_DIR = PROJECT_ROOT / "plugins"


def _shipped(app: Flask) -> set[str]:
    """Names of the plugins that live in the repository's plugins folder."""
    return {
        record.name
        for record in catalogue(app).plugins
        if record.enabled and record.root is not None and record.root.is_relative_to(SHIPPED_PLUGINS_DIR)
    }


def _too_hard(label: str, texts: list[tuple[str, str]]) -> list[str]:
    """check-plugin's own rule: the text together, each long field alone, and jargon."""
    failures = []
    if (level := overall_grade(texts)) is not None and level > MAX_GRADE:
        failures.append(f"{label} (all text together): grade {level:.1f}")
    failures += [f"{label}, {hard.field}: {hard.problem}: {hard.text!r}" for hard in hard_texts(texts)]
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
        failures += _too_hard(section.id, [("text", t) for t in (*section.paragraphs, *section.bullets)])
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
        ("Lie prone. Lift one leg.", True),  # short and plain by the formula, but "prone" is jargon
    ],
)
def test_the_check_can_tell_plain_from_hard_text(text, fails):
    assert bool(_too_hard("sample", [("steps[0]", text)])) is fails


def test_one_hard_sentence_among_short_ones_is_named_with_every_other(tmp_path):
    """check-plugin reports each field over the limit at once, not only the hardest."""
    from clinic.contributor.advice import reading_level

    hard = ("Notwithstanding considerable deconditioning, individuals participating in graduated "
            "strengthening frequently demonstrate meaningful functional improvement.")
    texts = [("steps[0]", "Stand up."), ("steps[1]", hard), ("feel", "Work in your thigh."),
             ("cautions[0]", "Stop if your knee hurts in a supine position.")]
    found = reading_level(texts, "x.toml", "")
    assert [f.field for f in found] == ["steps[1]", "cautions[0]"]
    assert "say \"lying on your back\"" in found[1].message

