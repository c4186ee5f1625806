"""The pose file format: what a contributor writes instead of drawing.

A pose file describes a scene of one or two panels. Each panel holds one
figure and some props. The figure is given as the DIRECTION of each body
segment in degrees, like a compass drawn on paper: 0 points right, 90 up,
180 left, -90 (or 270) down. Absolute directions are easier to reason about
than joint angles when a person lies, kneels or leans. Positions are in
centimetres on a person about 170 cm tall: x to the right, y up from the floor.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from clinic.exercise_data.base import Record

Angle = Annotated[float, Field(ge=-360, le=360)]
Point = tuple[float, float]

Joint = Literal[
    "hip", "shoulder", "head",
    "near_knee", "near_ankle", "near_toe", "far_knee", "far_ankle", "far_toe",
    "near_elbow", "near_hand", "far_elbow", "far_hand",
]  # fmt: skip


class Leg(Record):
    """Directions of thigh (hip to knee), shin (knee to ankle) and foot (ankle to toes)."""

    thigh: Angle = -90
    shin: Angle = -90
    foot: Angle | None = None  # None: at a right angle to the shin, towards where the figure faces


class Arm(Record):
    """Directions of the upper arm (shoulder to elbow) and forearm (elbow to hand)."""

    upper: Angle = -90
    fore: Angle = -90


class Figure(Record):
    """One person. ``anchor`` is the joint placed at ``at``: a standing person is
    easiest placed by a heel on the floor, a seated one by the hip on the seat."""

    anchor: Joint = "hip"
    at: Point
    facing: Literal["right", "left"] = "right"
    trunk: Angle = 90
    head: Angle | None = None  # None: in line with the trunk
    near_leg: Leg = Leg()
    far_leg: Leg = Leg()
    near_arm: Arm = Arm()
    far_arm: Arm = Arm()


class Floor(Record):
    type: Literal["floor"]


class Wall(Record):
    """A wall standing on the floor at ``x``; the figure is on the ``side`` given."""

    type: Literal["wall"]
    x: float
    height: float = Field(default=190, gt=0)
    side: Literal["left", "right"] = "right"


class Step(Record):
    """A step, box or low platform resting on the floor, ``x`` at its left edge."""

    type: Literal["step"]
    x: float
    width: float = Field(default=40, gt=0)
    height: float = Field(default=18, gt=0)


class Chair(Record):
    """A plain chair; ``x`` is the front edge of the seat and the back is away from ``facing``."""

    type: Literal["chair"]
    x: float
    facing: Literal["right", "left"] = "right"
    seat_height: float = Field(default=46, gt=0)


class Mat(Record):
    type: Literal["mat"]
    x: float
    width: float = Field(default=180, gt=0)


class Bike(Record):
    """A stationary bike; ``x`` is where the saddle is, the handlebars lie towards ``facing``."""

    type: Literal["bike"]
    x: float
    facing: Literal["right", "left"] = "right"
    saddle_height: float = Field(default=88, gt=0)


class Band(Record):
    """An exercise band looped round both thighs just above the knees."""

    type: Literal["band"]


class Strap(Record):
    """A strap or towel held taut between two joints, usually a hand and a foot."""

    type: Literal["strap"]
    start: Joint = "near_hand"
    end: Joint = "near_toe"


class Dumbbell(Record):
    type: Literal["dumbbell"]
    at: Joint = "near_hand"


class Arrow(Record):
    """A motion arrow from ``start`` to ``end``; ``bend`` curves it (fraction of its length, + to the left)."""

    type: Literal["arrow"]
    start: Point
    end: Point
    bend: float = Field(default=0, ge=-1, le=1)


Prop = Annotated[
    Floor | Wall | Step | Chair | Mat | Bike | Band | Strap | Dumbbell | Arrow,
    Field(discriminator="type"),
]


class Panel(Record):
    figure: Figure
    props: tuple[Prop, ...] = ()
    floor: bool = True  # most scenes stand on a floor; lying ones need it too


class Scene(Record):
    """A whole picture. ``title`` is what the SVG's <title> says (it is not drawn)."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    panels: tuple[Panel, ...] = Field(min_length=1, max_length=2)
