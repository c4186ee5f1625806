"""What the pose editor warns about while the picture is drawn: things the kit can measure.

A person hanging in the air, a hand put on a prop it cannot reach, a joint
under the floor. They are advice, not refusals: the contributor looks at the
picture and decides (a foot lifted on purpose is a foot in the air too).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext

from clinic.figures.render import sunk_joints
from clinic.figures.scene import Panel
from clinic.figures.skeleton import FOREARM, UPPER_ARM, Body, pose_body

FLOAT_CM = 10.0  # a joint this far above every surface under it is not resting on anything
FEET = ("near_ankle", "near_toe", "far_ankle", "far_toe")


def _surface(props: tuple[Any, ...], x: float) -> float:
    """How high the thing under ``x`` is: the floor, or a step or chair seat standing there."""
    height = 0.0
    for prop in props:
        if prop.type == "step" and prop.x <= x <= prop.x + prop.width:
            height = max(height, prop.height)
        elif prop.type == "chair" and prop.facing != "front":
            back = prop.x - 42 * (1 if prop.facing == "right" else -1)
            if min(back, prop.x) <= x <= max(back, prop.x):
                height = max(height, prop.seat_height)
    return height


def _gaps(body: Body, props: tuple[Any, ...], names: tuple[str, ...]) -> dict[str, float]:
    return {name: body[name][1] - _surface(props, body[name][0]) for name in names}


def pose_warnings(panel: Panel, reaches: Mapping[str, tuple[float, float]]) -> list[str]:
    """Sentences a contributor can act on; ``reaches`` names the point each held hand was put on."""
    body = pose_body(panel.figure)
    warnings = []
    everything = _gaps(body, panel.props, tuple(body.joints))
    if min(everything.values()) > FLOAT_CM:
        warnings.append(gettext("The person floats %(cm)d cm above the floor or seat: lower them (the height slider).",
                                cm=min(everything.values())))
    else:
        feet = _gaps(body, panel.props, FEET)
        if 60 <= panel.figure.trunk % 360 <= 120 and min(feet.values()) > FLOAT_CM and \
                everything["hip"] > FLOAT_CM:
            warnings.append(gettext("Neither foot is on the floor, a step or a seat: lower the person or bend a leg "
                               "down."))
    sunk = sunk_joints(panel)  # the rule draw-figures refuses a pose file by
    if sunk:
        warnings.append(gettext("Under the floor: %(joints)s. Raise the person or turn that limb.",
                                joints=", ".join(name.replace("_", " ") for name in sunk)))
    for arm, target in reaches.items():
        side = arm.split("_")[0]
        distance = math.dist(body[f"{side}_shoulder"], target)
        if distance > UPPER_ARM + FOREARM:
            too_far = distance - UPPER_ARM - FOREARM
            warnings.append(
                gettext("The near hand cannot reach the prop it holds: it is %(cm)d cm too far. Move the person or "
                        "the prop closer.", cm=too_far) if side == "near" else
                gettext("The far hand cannot reach the prop it holds: it is %(cm)d cm too far. Move the person or "
                        "the prop closer.", cm=too_far))
    return warnings
