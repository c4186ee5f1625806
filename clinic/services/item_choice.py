"""What one programme item shows: the exercise, level, dosage and picture, decided in one place.

The builder's card and the patient's handout must agree on every one of these
(the card is the therapist's preview of the page), so both ask here: the
builder through ``builder_view``, the handout through ``clinic.handout.resolve``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clinic.catalogue import Catalogue
from clinic.exercise_data import Dosage, Exercise, Level, Picture
from clinic.services.pain_rule import with_ceiling


@dataclass(frozen=True)
class ItemChoice:
    base: Exercise
    """The exercise in the programme."""
    step: int
    level: Level | None
    """None at the standard level (step 0)."""
    shown: Exercise
    """Whose words print: the linked exercise when the level is a link, else ``base``."""
    default: Dosage
    """Before the therapist's changes: the shown exercise's dosage, then the level's."""
    dosage: Dosage
    """What prints: the default, the therapist's changes, then the programme's pain ceiling."""
    picture: Picture
    picture_of: Exercise
    """The exercise whose plugin folder holds ``picture``."""

    @property
    def own_level(self) -> bool:
        """A level with its own name, steps and cautions (not a link to another exercise)."""
        return self.level is not None and not self.level.is_link


def choose(catalogue: Catalogue, exercise_id: str, step: int, override: Dosage | dict[str, Any] | None = None,
           pain_rule: dict[str, Any] | None = None) -> ItemChoice:
    """The choice for an exercise at ``step`` with the therapist's dosage ``override``."""
    base = catalogue.exercise(exercise_id)
    level = base.level(step) if step else None
    shown = catalogue.exercise(level.exercise or "") if level is not None and level.is_link else base
    default = shown.dosage
    if level is not None and level.dosage is not None:
        default = default.merged(level.dosage)
    if isinstance(override, dict):
        override = Dosage.model_validate(override) if override else None
    dosage = with_ceiling(default.merged(override), pain_rule)
    if level is not None and not level.is_link and level.picture is not None:
        picture, picture_of = level.picture, base
    else:
        picture, picture_of = shown.pictures[0], shown
    return ItemChoice(base=base, step=step, level=level, shown=shown, default=default, dosage=dosage,
                      picture=picture, picture_of=picture_of)
