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

from pydantic import Field, model_validator

from clinic.exercise_data.base import Record

Angle = Annotated[float, Field(ge=-360, le=360)]
Point = tuple[float, float]

Joint = Literal[
    "hip", "shoulder", "head",
    "near_knee", "near_ankle", "near_toe", "far_knee", "far_ankle", "far_toe",
    "near_elbow", "near_hand", "far_elbow", "far_hand",
]  # fmt: skip


class Leg(Record):
    """Directions of thigh (hip to knee), shin (knee to ankle) and foot (ankle to toes).

    ``behind`` matters in a front view only: that leg is drawn pale, behind the body.
    """

    thigh: Angle = -90
    shin: Angle = -90
    foot: Angle | None = None  # None: at a right angle to the shin, towards where the figure faces
    reach: Point | None = None  # instead of thigh and shin: where the ankle is (a pedal, a step)
    knee: Literal["up", "down", "left", "right"] = "up"  # which way the knee bends when reaching
    # A thigh or shin pointing at us or away looks shorter: 0.5 draws it half as long.
    thigh_length: float = Field(default=1, ge=0.2, le=1)
    shin_length: float = Field(default=1, ge=0.2, le=1)
    behind: bool = False


class Arm(Record):
    """Directions of the upper arm (shoulder to elbow) and forearm (elbow to hand).

    Or ``reach``: a joint (``"near_ankle"``) or a point (``[120, 95]``) the hand
    holds, and the elbow bends towards ``elbow`` - easier than working out angles
    for a hand on a wall or on an ankle.
    """

    upper: Angle = -90
    fore: Angle = -90
    reach: Joint | Point | None = None
    elbow: Literal["up", "down", "left", "right"] = "down"
    upper_length: float = Field(default=1, ge=0.2, le=1)
    fore_length: float = Field(default=1, ge=0.2, le=1)
    behind: bool = False


class Figure(Record):
    """One person. ``anchor`` is the joint placed at ``at``: a standing person is
    easiest placed by an ankle just above the floor, a seated one by the hip.

    ``view = "side"``: near limbs dark and in front, far limbs pale and behind.
    ``view = "front"`` (a person facing us, or their back): hips and shoulders
    are drawn wide, near limbs on the LEFT of the picture, far limbs on the right.
    """

    view: Literal["side", "front"] = "side"
    anchor: Joint = "hip"
    at: Point
    facing: Literal["right", "left"] = "right"
    trunk: Angle = 90
    head: Angle | None = None  # None: in line with the trunk
    near_leg: Leg = Leg()
    far_leg: Leg = Leg()
    near_arm: Arm = Arm()
    far_arm: Arm = Arm()

    @model_validator(mode="after")
    def _anchor_placed_before_reaching(self) -> Figure:
        # A reach target is a point in the picture, so the body must be placed before the limb.
        legs_reach = self.near_leg.reach is not None or self.far_leg.reach is not None
        if legs_reach and self.anchor not in ("hip", "shoulder", "head"):
            raise ValueError("anchor the figure on the hip, shoulder or head when a leg uses 'reach'")
        if self.anchor.endswith(("_hand", "_elbow")) and (self.near_arm.reach or self.far_arm.reach):
            raise ValueError("anchor the figure on a leg or the trunk when an arm uses 'reach'")
        return self


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


class Panel(Record):
    figure: Figure
    props: tuple[Prop, ...] = ()
    floor: bool = True  # most scenes stand on a floor; lying ones need it too


class Scene(Record):
    """A whole picture. ``title`` is what the SVG's <title> says (it is not drawn)."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    panels: tuple[Panel, ...] = Field(min_length=1, max_length=2)
    # Two panels sit side by side, or one above the other when both are wide and low.
    layout: Literal["auto", "row", "column"] = "auto"
