"""One exercise: what it is, how to do it, how much, and its ladder of levels.

The fields cover the single-exercise items of CERT (the Consensus on Exercise
Reporting Template) so a handout can be reproduced from the data alone.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from clinic.exercise_data.base import ID_PATTERN, SLUG_PATTERN, Record
from clinic.exercise_data.dosage import Dosage

Kind = Literal["warm_up", "stretch", "strength", "endurance", "balance", "mobility"]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ExerciseId = Annotated[str, Field(pattern=ID_PATTERN)]
# Fields older plugins still write that nothing ever read; accepted and ignored so those plugins
# keep loading, and named by check-plugin so their authors delete the line (docs/decisions.md).
RETIRED_FIELDS = ("setting", "supervision")
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=60)]


class Picture(Record):
    """A picture file inside the plugin folder, with what a screen reader says of it."""

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+\.(svg|png|jpg|jpeg)$")]
    alt: Text
    licence: Text
    author: Text
    caption: str | None = None


class Reference(Record):
    """Where a clinical fact (a dosage, a criterion) comes from."""

    citation: Text
    url: str | None = None
    supports: str | None = None


class Level(Record):
    """A rung below (regression) or above (progression) the base exercise.

    ``step`` is -1, -2 ... for easier rungs and 1, 2 ... for harder ones; the base
    is 0 and is the exercise itself. A level is either a variant, with its own
    name and any of steps, dosage and picture changed, or a link to another
    exercise by id.

    ``criterion`` is the rule for moving UP across the level's base-side boundary: on
    a progression, when to move up to it ("Move up when 3 sets of 15 feel easy"); on a
    regression, when to move up from it back toward the base.
    """

    step: Annotated[int, Field(ge=-3, le=3)]
    criterion: Text
    name: Text | None = None
    exercise: ExerciseId | None = None
    summary: str | None = None
    starting_position: Text | None = None
    """A variant that starts from another position (lying instead of standing) says so here."""
    steps: tuple[Text, ...] | None = None
    feel: Text | None = None
    mistakes: tuple[Text, ...] | None = None
    """The variant's own mistakes, printed instead of the exercise's (another position has other ones)."""
    cautions: tuple[Text, ...] | None = None
    dosage: Dosage | None = None
    picture: Picture | None = None

    @model_validator(mode="after")
    def _variant_or_link(self) -> Level:
        if self.step == 0:
            raise ValueError("step 0 is the base exercise; levels are -3..-1 and 1..3")
        if self.exercise is None and self.name is None:
            raise ValueError("a level needs a name (a variant) or an exercise id (a link)")
        own = (self.steps, self.cautions, self.dosage, self.picture, self.starting_position, self.feel, self.mistakes)
        if self.exercise is not None and any(own):
            raise ValueError("a linked level takes its start, steps, feel, mistakes, cautions, dosage and picture "
                             "from that exercise")
        return self

    @property
    def is_link(self) -> bool:
        return self.exercise is not None


class ExerciseText(Record):
    """The patient-facing text of an exercise in one other language; any field may be missing."""

    reviewed: bool = False
    name: str | None = None
    summary: str | None = None
    starting_position: str | None = None
    steps: tuple[str, ...] | None = None
    feel: str | None = None
    mistakes: tuple[str, ...] | None = None
    cues: tuple[str, ...] | None = None
    cautions: tuple[str, ...] | None = None
    levels: dict[str, dict[str, str | tuple[str, ...]]] = {}
    pictures_alt: tuple[str, ...] | None = None
    pictures_caption: tuple[str, ...] | None = None
    """The pictures' captions, in order; a level's goes in its table as ``picture_caption``."""


TRANSLATABLE_FIELDS = (
    "name",
    "summary",
    "starting_position",
    "steps",
    "feel",
    "mistakes",
    "cues",
    "cautions",
)


class Exercise(Record):
    """An exercise as a plugin provides it; the core never names one in code."""

    id: ExerciseId
    name: Text
    summary: Text
    kind: Kind
    body_regions: tuple[Slug, ...] = Field(min_length=1)
    targets: tuple[Slug, ...] = ()
    equipment: tuple[Text, ...] = ()
    synonyms: tuple[Text, ...] = ()
    starting_position: Text
    steps: tuple[Text, ...] = Field(min_length=1, max_length=12)
    feel: Text
    mistakes: tuple[Text, ...] = ()
    cues: tuple[Text, ...] = ()
    cautions: tuple[Text, ...] = ()
    dosage: Dosage
    levels: tuple[Level, ...] = ()
    pictures: tuple[Picture, ...] = Field(min_length=1)
    references: tuple[Reference, ...] = ()
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")], ExerciseText] = {}

    @model_validator(mode="before")
    @classmethod
    def _drop_retired_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and any(name in data for name in RETIRED_FIELDS):
            return {key: value for key, value in data.items() if key not in RETIRED_FIELDS}
        return data

    @model_validator(mode="after")
    def _levels_distinct(self) -> Exercise:
        steps = [level.step for level in self.levels]
        if len(steps) != len(set(steps)):
            raise ValueError(f"two levels share a step number: {sorted(steps)}")
        if any(level.exercise == self.id for level in self.levels):
            raise ValueError("a level cannot link to the exercise itself")
        return self

    @property
    def plugin_namespace(self) -> str:
        return self.id.split(".", 1)[0]

    def level(self, step: int) -> Level | None:
        """Return the level at ``step``, or None for the base (0) or a missing rung."""
        return next((lv for lv in self.levels if lv.step == step), None)

    def ladder(self) -> list[int]:
        """Every available step, lowest first, the base included."""
        return sorted({0, *(lv.step for lv in self.levels)})
