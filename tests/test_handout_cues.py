"""An exercise's cues print on its card as one "Tips" line, in the handout language."""

from __future__ import annotations

import pytest

from clinic.db import db
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.services.programmes import add_exercise, create_programme
from clinic.state import catalogue
from tests.handout_support import page_texts

EXERCISE = "runners_knee.calf_stretch"


@pytest.mark.parametrize(("language", "label"), [("en", "Tips:"), ("es", "Consejos:")])
def test_cues_print_on_the_card_in_the_handout_language(patient, therapist, language: str, label: str) -> None:
    exercise = catalogue().exercise(EXERCISE)
    cues = exercise.cues if language == "en" else exercise.translations[language].cues
    assert cues, "the test needs an exercise with cues in both languages"
    programme = create_programme(patient, therapist)
    add_exercise(programme, catalogue(), EXERCISE)
    db.session.commit()
    options = HandoutOptions(language=language)
    text = " ".join(page_texts(render_pdf(build_snapshot(programme, therapist, options), options)))
    assert f"{label} {' '.join(cues)}" in text
