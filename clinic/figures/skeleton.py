"""Turn a figure's segment directions into joint positions.

One set of body proportions for every picture keeps the figures consistent
across plugins, whoever wrote the pose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clinic.figures.pose import Figure, Leg

Point = tuple[float, float]

# Segment lengths in centimetres for a person about 170 cm tall.
TRUNK = 52.0  # hip joint to shoulder joint
NECK = 6.0
HEAD_RADIUS = 11.0
THIGH = 43.0
SHIN = 42.0
FOOT = 17.0  # ankle to toes
UPPER_ARM = 29.0
FOREARM = 31.0  # elbow to the middle of the hand


def toward(start: Point, degrees: float, length: float) -> Point:
    """The point ``length`` away from ``start`` in direction ``degrees`` (0 right, 90 up)."""
    radians = math.radians(degrees)
    return (start[0] + length * math.cos(radians), start[1] + length * math.sin(radians))


@dataclass(frozen=True)
class Body:
    """Every joint of one posed figure, in panel coordinates (y up)."""

    joints: dict[str, Point]

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]


def _foot_direction(leg: Leg, facing: str) -> float:
    if leg.foot is not None:
        return leg.foot
    # A relaxed ankle sits at a right angle to the shin, toes towards the way the person faces.
    return leg.shin + 90 if facing == "right" else leg.shin - 90


def pose_body(figure: Figure) -> Body:
    """Place every joint: build from the hip at the origin, then move the anchor to ``at``."""
    joints: dict[str, Point] = {"hip": (0.0, 0.0)}
    joints["shoulder"] = toward(joints["hip"], figure.trunk, TRUNK)
    head = figure.trunk if figure.head is None else figure.head
    joints["head"] = toward(joints["shoulder"], head, NECK + HEAD_RADIUS)
    for side, leg in (("near", figure.near_leg), ("far", figure.far_leg)):
        knee = joints[f"{side}_knee"] = toward(joints["hip"], leg.thigh, THIGH)
        ankle = joints[f"{side}_ankle"] = toward(knee, leg.shin, SHIN)
        joints[f"{side}_toe"] = toward(ankle, _foot_direction(leg, figure.facing), FOOT)
    for side, arm in (("near", figure.near_arm), ("far", figure.far_arm)):
        elbow = joints[f"{side}_elbow"] = toward(joints["shoulder"], arm.upper, UPPER_ARM)
        joints[f"{side}_hand"] = toward(elbow, arm.fore, FOREARM)
    anchor = joints[figure.anchor]
    dx, dy = figure.at[0] - anchor[0], figure.at[1] - anchor[1]
    return Body({name: (x + dx, y + dy) for name, (x, y) in joints.items()})
