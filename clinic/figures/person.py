"""Draw one posed person: far limbs pale and behind, near limbs dark and in front."""

from __future__ import annotations

from clinic.figures import style
from clinic.figures.canvas import Canvas
from clinic.figures.skeleton import HEAD_RADIUS, Body


def _limbs(canvas: Canvas, body: Body, side: str, ink: str, scale: float, part: str) -> None:
    j = body.joints
    if part == "leg":
        canvas.line([j["hip"], j[f"{side}_knee"]], ink, style.THIGH_WIDTH * scale)
        canvas.line([j[f"{side}_knee"], j[f"{side}_ankle"]], ink, style.SHIN_WIDTH * scale)
        canvas.line([j[f"{side}_ankle"], j[f"{side}_toe"]], ink, style.FOOT_WIDTH * scale)
    else:
        canvas.line([j["shoulder"], j[f"{side}_elbow"]], ink, style.UPPER_ARM_WIDTH * scale)
        canvas.line([j[f"{side}_elbow"], j[f"{side}_hand"]], ink, style.FOREARM_WIDTH * scale)


def draw_person(canvas: Canvas, body: Body) -> None:
    """Paint order gives the depth: far arm, far leg, trunk and head, near leg, near arm."""
    _limbs(canvas, body, "far", style.FAR_INK, style.FAR_SCALE, "arm")
    _limbs(canvas, body, "far", style.FAR_INK, style.FAR_SCALE, "leg")
    canvas.line([body["hip"], body["shoulder"]], style.INK, style.TRUNK_WIDTH)
    canvas.line([body["shoulder"], body["head"]], style.INK, style.NECK_WIDTH)
    canvas.circle(body["head"], HEAD_RADIUS, fill=style.INK)
    _limbs(canvas, body, "near", style.INK, 1.0, "leg")
    _limbs(canvas, body, "near", style.INK, 1.0, "arm")
