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
