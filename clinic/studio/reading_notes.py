"""The check's reading-level advice on what is typed, for the preview to show as it is redrawn, before any save.

``check-plugin`` judges the saved files; a contributor rewording a step wants
to know at once whether the new words read at grade 7 or lower. The same rule
(``contributor/advice.reading_level``) runs here on the typed record.
"""

from __future__ import annotations

from clinic.contributor.advice import reading_level
from clinic.contributor.findings import Finding
from clinic.contributor.reading import exercise_texts, protocol_texts
from clinic.exercise_data import Exercise, Protocol


def exercise_notes(exercise: Exercise) -> list[Finding]:
    return reading_level(list(exercise_texts(exercise)), "", "")


def protocol_notes(protocol: Protocol) -> list[Finding]:
    return reading_level(list(protocol_texts(protocol)), "", "")
