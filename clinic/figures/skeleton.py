"""Turn a figure's segment directions into joint positions.

One set of body proportions for every picture keeps the figures consistent
across plugins, whoever wrote the pose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clinic.figures.pose import Figure

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


HIP_HALF_WIDTH = 9.0  # front view only: a hip joint either side of the pelvis centre
SHOULDER_HALF_WIDTH = 18.0


@dataclass(frozen=True)
class Body:
    """Every joint of one posed figure, in panel coordinates (y up)."""

    joints: dict[str, Point]
    figure: Figure

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]


def _middle_joint(root: Point, target: Point, first: float, second: float, towards: str) -> Point:
    """Two-bone reach (an elbow or a knee): of its two possible places, the one furthest ``towards``."""
    distance = math.dist(root, target)
    direction = _direction(root, target)
    if distance >= first + second or distance < 1e-6:
        return toward(root, direction, first)  # out of reach: the limb points straight at it
    cos_bend = (first**2 + distance**2 - second**2) / (2 * first * distance)
    bend = math.degrees(math.acos(max(-1.0, min(1.0, cos_bend))))
    options = [toward(root, direction + bend, first), toward(root, direction - bend, first)]
    pick = {"up": lambda p: p[1], "down": lambda p: -p[1], "right": lambda p: p[0], "left": lambda p: -p[0]}[towards]
    return max(options, key=pick)


def _place_arms(figure: Figure, joints: dict[str, Point]) -> None:
    for side, arm in (("near", figure.near_arm), ("far", figure.far_arm)):
        shoulder = joints[f"{side}_shoulder"]
        upper, fore = UPPER_ARM * arm.upper_length, FOREARM * arm.fore_length
        if arm.reach is None:
            elbow = toward(shoulder, arm.upper, upper)
            joints[f"{side}_hand"] = toward(elbow, arm.fore, fore)
        else:
            target = joints[arm.reach] if isinstance(arm.reach, str) else arm.reach
            elbow = _middle_joint(shoulder, target, upper, fore, arm.elbow)
            joints[f"{side}_hand"] = toward(elbow, _direction(elbow, target), fore)
        joints[f"{side}_elbow"] = elbow


def _direction(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _place_legs(figure: Figure, joints: dict[str, Point]) -> None:
    for side, leg in (("near", figure.near_leg), ("far", figure.far_leg)):
        hip = joints[f"{side}_hip"]
        thigh, shin_length = THIGH * leg.thigh_length, SHIN * leg.shin_length
        if leg.reach is None:
            knee = toward(hip, leg.thigh, thigh)
            ankle = toward(knee, leg.shin, shin_length)
        else:
            knee = _middle_joint(hip, leg.reach, thigh, shin_length, leg.knee)
            ankle = toward(knee, _direction(knee, leg.reach), shin_length)
        shin = _direction(knee, ankle)
        length = FOOT
        if figure.view == "front":  # feet point at us (or away): only a short turned-out stub shows
            foot, length = shin + (-60 if side == "near" else 60), FOOT * 0.55
        else:  # a relaxed ankle sits at a right angle to the shin, toes the way the person faces
            foot = shin + (90 if figure.facing == "right" else -90)
        if leg.foot is not None:
            foot = leg.foot
        joints[f"{side}_knee"], joints[f"{side}_ankle"] = knee, ankle
        joints[f"{side}_toe"] = toward(ankle, foot, length)


def pose_body(figure: Figure) -> Body:
    """Place the trunk, then the legs, then the arms; the anchor moves to ``at`` as soon as it
    exists, so a reaching hand or foot can aim at a point given in panel coordinates."""
    wide = figure.view == "front"
    joints: dict[str, Point] = {"hip": (0.0, 0.0)}
    joints["shoulder"] = toward(joints["hip"], figure.trunk, TRUNK)
    head = figure.trunk if figure.head is None else figure.head
    joints["head"] = toward(joints["shoulder"], head, NECK + HEAD_RADIUS)
    for side, across in (("near", 90), ("far", -90)):  # front view: near on the left of the picture
        joints[f"{side}_hip"] = toward(joints["hip"], figure.trunk + across, HIP_HALF_WIDTH if wide else 0)
        joints[f"{side}_shoulder"] = toward(
            joints["shoulder"], figure.trunk + across, SHOULDER_HALF_WIDTH if wide else 0
        )
    placed = False
    for place in (_place_legs, _place_arms):
        if not placed and figure.anchor in joints:
            joints, placed = _moved(joints, figure.anchor, figure.at), True
        place(figure, joints)
    if not placed:
        joints = _moved(joints, figure.anchor, figure.at)
    return Body(joints, figure)


def _moved(joints: dict[str, Point], anchor: str, at: Point) -> dict[str, Point]:
    dx, dy = at[0] - joints[anchor][0], at[1] - joints[anchor][1]
    return {name: (x + dx, y + dy) for name, (x, y) in joints.items()}
