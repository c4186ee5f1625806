"""Draw one posed person so that depth reads in a flat line drawing.

Paint order gives the depth: pale limbs behind the body first, then the
trunk and head, then the dark limbs in front.
"""

from __future__ import annotations

from clinic.figures import style
from clinic.figures.canvas import Canvas
from clinic.figures.skeleton import HEAD_RADIUS, Body


def _halo(canvas: Canvas, body: Body, side: str, part: str) -> None:
    """A white edge round a limb in front, so it stays readable where it crosses dark parts."""
    j = body.joints
    if part == "leg":  # not the foot: a halo there would cut into the floor line
        segments = (("hip", "knee", style.THIGH_WIDTH), ("knee", "ankle", style.SHIN_WIDTH))
    else:
        segments = (("shoulder", "elbow", style.UPPER_ARM_WIDTH), ("elbow", "hand", style.FOREARM_WIDTH))
    for index, (start, end, width) in enumerate(segments):
        a, b = j[f"{side}_{start}"], j[f"{side}_{end}"]
        if index == 0:  # leave the root of the limb joined to the body
            a = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
        canvas.line([a, b], style.BACKGROUND, width + 2 * style.HALO)


def _leg(canvas: Canvas, body: Body, side: str, ink: str, scale: float) -> None:
    j = body.joints
    canvas.line([j[f"{side}_hip"], j[f"{side}_knee"]], ink, style.THIGH_WIDTH * scale)
    canvas.line([j[f"{side}_knee"], j[f"{side}_ankle"]], ink, style.SHIN_WIDTH * scale)
    canvas.line([j[f"{side}_ankle"], j[f"{side}_toe"]], ink, style.FOOT_WIDTH * scale)


def _arm(canvas: Canvas, body: Body, side: str, ink: str, scale: float) -> None:
    j = body.joints
    canvas.line([j[f"{side}_shoulder"], j[f"{side}_elbow"]], ink, style.UPPER_ARM_WIDTH * scale)
    canvas.line([j[f"{side}_elbow"], j[f"{side}_hand"]], ink, style.FOREARM_WIDTH * scale)


def _is_behind(body: Body, side: str, part: str) -> bool:
    figure = body.figure
    if figure.view == "side":
        return side == "far"
    return getattr(figure, f"{side}_{part}").behind


def draw_person(canvas: Canvas, body: Body) -> None:
    limbs = [(side, part) for part in ("arm", "leg") for side in ("far", "near")]
    drawers = {"arm": _arm, "leg": _leg}
    for side, part in limbs:
        if _is_behind(body, side, part):
            drawers[part](canvas, body, side, style.FAR_INK, style.FAR_SCALE)
    if body.figure.view == "front":  # a solid torso, shoulders to hips, makes a front view read as one
        corners = [body[name] for name in ("near_shoulder", "far_shoulder", "far_hip", "near_hip")]
        canvas.polygon(corners, style.INK, style.INK, style.UPPER_ARM_WIDTH)
    canvas.line([body["hip"], body["shoulder"]], style.INK, style.TRUNK_WIDTH)
    canvas.line([body["shoulder"], body["head"]], style.INK, style.NECK_WIDTH)
    canvas.circle(body["head"], HEAD_RADIUS, fill=style.INK)
    for side, part in reversed(limbs):  # legs before arms: a hand on a knee shows in front of it
        if not _is_behind(body, side, part):
            _halo(canvas, body, side, part)
            drawers[part](canvas, body, side, style.INK, 1.0)
