"""One exercise as the library's detail page shows it: every rung of its ladder at once.

A therapist choosing between exercises wants to see the easier and harder
versions, their pictures and steps, before adding one; the builder card shows
only the chosen rung.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinic.catalogue import Catalogue
from clinic.exercise_data import Exercise, describe_dosage
from clinic.i18n import level_label, page_language
from clinic.services.builder_view import default_dosage, ladder_names, picture_url


@dataclass(frozen=True)
class Rung:
    step: int
    label: str
    name: str
    summary: str
    steps: tuple[str, ...]
    picture_url: str | None
    picture_alt: str
    dosage_text: str
    criterion: str


def rungs(catalogue: Catalogue, exercise: Exercise) -> list[Rung]:
    """Easiest first, the base among them, each with what the patient would be shown."""
    found = []
    for step, name in ladder_names(catalogue, exercise):
        level = exercise.level(step)
        shown = catalogue.exercises.get(level.exercise or "") if level and level.is_link else None
        url, alt = picture_url(catalogue, exercise.id, step)
        found.append(Rung(
            step=step, label=level_label(step), name=name,
            summary=(shown or exercise).summary if level is None or shown else (level.summary or ""),
            steps=tuple((shown or exercise).steps if level is None or shown or not level.steps else level.steps),
            picture_url=url, picture_alt=alt,
            dosage_text=describe_dosage(default_dosage(catalogue, exercise.id, step), page_language()),
            criterion=level.criterion if level else "",
        ))
    return found
