"""The props a pose file can put round a person: furniture, mats, bands, weights, arrows.

Each is a record with a ``type`` field, so a pose file lists them as inline
tables: ``props = [{ type = "wall", x = 58 }]``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from clinic.exercise_data.base import Record
from clinic.figures.pose import Joint, Point


class Wall(Record):
    """A wall standing on the floor at ``x``; the figure is on the ``side`` given.

    ``side = "behind"``: a wall seen face on, behind the person (they stand side-on
    to it, or face it with their back to us), ``width`` wide from ``x``.
    """

    type: Literal["wall"]
    x: float
    height: float = Field(default=190, gt=0)
    side: Literal["left", "right", "behind"] = "right"
    width: float = Field(default=120, gt=0)


class Step(Record):
    """A step, box or low platform resting on the floor, ``x`` at its left edge."""

    type: Literal["step"]
    x: float
    width: float = Field(default=40, gt=0)
    height: float = Field(default=18, gt=0)


class Chair(Record):
    """A plain chair; ``x`` is the front edge of the seat and the back is away from ``facing``.

    ``facing = "front"``: the chair faces us, ``x`` is the middle of the seat.
    """

    type: Literal["chair"]
    x: float
    facing: Literal["right", "left", "front"] = "right"
    seat_height: float = Field(default=46, gt=0)


class Rail(Record):
    """A post with a hand rail on top (a banister, a counter edge seen side on), ``x`` at the post."""

    type: Literal["rail"]
    x: float
    height: float = Field(default=95, gt=0)


class Mat(Record):
    """A mat on the floor seen edge on; with ``depth`` it is seen from above instead (a lying
    person drawn as if from the ceiling), a pale rectangle from ``y`` to ``y + depth``."""

    type: Literal["mat"]
    x: float
    width: float = Field(default=180, gt=0)
    y: float = 0
    depth: float | None = Field(default=None, gt=0)


class Bike(Record):
    """A stationary bike; ``x`` is where the saddle is, the handlebars lie towards ``facing``."""

    type: Literal["bike"]
    x: float
    facing: Literal["right", "left"] = "right"
    saddle_height: float = Field(default=88, gt=0)


class Band(Record):
    """An exercise loop band round both legs: just above the knees, or round the ankles."""

    type: Literal["band"]
    at: Literal["knees", "ankles"] = "knees"


class Strap(Record):
    """A strap or towel held taut between two joints, usually a hand and a foot."""

    type: Literal["strap"]
    start: Joint = "near_hand"
    end: Joint = "near_toe"


class Dumbbell(Record):
    type: Literal["dumbbell"]
    at: Joint = "near_hand"


class AnkleWeight(Record):
    """A strap-on cuff weight round an ankle."""

    type: Literal["ankle_weight"]
    at: Literal["near_ankle", "far_ankle"] = "near_ankle"


class Roll(Record):
    """A rolled towel or small cushion lying on the floor (or a mat) at ``x``."""

    type: Literal["roll"]
    x: float
    y: float = 0
    radius: float = Field(default=6, gt=0)


class Arrow(Record):
    """A motion arrow from ``start`` to ``end``; ``bend`` curves it (fraction of its length, + to the left)."""

    type: Literal["arrow"]
    start: Point
    end: Point
    bend: float = Field(default=0, ge=-1, le=1)


Prop = Annotated[
    Wall | Step | Chair | Rail | Mat | Bike | Band | Strap | Dumbbell | AnkleWeight | Roll | Arrow,
    Field(discriminator="type"),
]
