"""The studio's pose boxes: a slider per body segment, a box per prop, and back to a pose file.

The editor shows every segment as a direction in degrees, as the pose format
does. A limb the pose file placed by ``reach`` is shown by the directions the
kit worked out for it, so the sliders start where the picture is; a hand can
instead be put on a prop ("on the chair back"), which is written as a reach to
that prop's grip point. The editor edits a scene's first panel; a second panel
in the file (the end position) is kept as it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic.figures.pose import Figure
from clinic.figures.skeleton import pose_body
from clinic.i18n import N_

SEGMENTS: tuple[tuple[str, str], ...] = (
    ("trunk", N_("Trunk: hip to shoulder")),
    ("head", N_("Head: shoulder to head")),
    ("near_leg.thigh", N_("Near thigh: hip to knee")),
    ("near_leg.shin", N_("Near shin: knee to ankle")),
    ("near_leg.foot", N_("Near foot: ankle to toes")),
    ("far_leg.thigh", N_("Far thigh")),
    ("far_leg.shin", N_("Far shin")),
    ("far_leg.foot", N_("Far foot")),
    ("near_arm.upper", N_("Near upper arm: shoulder to elbow")),
    ("near_arm.fore", N_("Near forearm: elbow to hand")),
    ("far_arm.upper", N_("Far upper arm")),
    ("far_arm.fore", N_("Far forearm")),
)
# Kept through the form as they are: they change how a limb is drawn, not where it points.
KEPT = ("thigh_length", "shin_length", "upper_length", "fore_length", "behind")
ARMS = ("near_arm", "far_arm")
HOLDS = ("", "chair", "step", "wall", "rail")
HOLD_LABELS = {"": N_("nothing: use the sliders"), "chair": N_("the chair back"), "step": N_("the step"),
               "wall": N_("the wall"), "rail": N_("the rail")}


@dataclass(frozen=True)
class PropKind:
    """A prop the editor offers: its box name, what the label says, and the record fields it is written with."""

    key: str
    label: str
    record: Mapping[str, Any]
    x: bool = True  # placed along the floor by an x slider


PROPS: tuple[PropKind, ...] = (
    PropKind("chair_back_left", N_("Chair, its back on the left"), {"type": "chair", "facing": "right"}),
    PropKind("chair_back_right", N_("Chair, its back on the right"), {"type": "chair", "facing": "left"}),
    PropKind("step", N_("Step or box"), {"type": "step"}),
    PropKind("wall", N_("Wall"), {"type": "wall"}),
    PropKind("rail", N_("Rail or counter"), {"type": "rail"}),
    PropKind("mat", N_("Mat"), {"type": "mat", "width": 180}),
    PropKind("roll", N_("Rolled towel"), {"type": "roll"}),
    PropKind("towel", N_("Towel or strap from the near hand to the near foot"),
             {"type": "strap", "start": "near_hand", "end": "near_toe"}, x=False),
    PropKind("band", N_("Loop band round the knees"), {"type": "band", "at": "knees"}, x=False),
    PropKind("object", N_("Small object in the near hand (a can, a weight)"), {"type": "dumbbell", "at": "near_hand"},
             x=False),
    PropKind("ankle_weight", N_("Weight on the near ankle"), {"type": "ankle_weight", "at": "near_ankle"}, x=False),
)
ARROW_FROM = ("near_hand", "near_ankle", "near_knee", "hip", "head", "far_hand", "far_ankle")
JOINT_LABELS = {"near_hand": N_("the near hand"), "near_ankle": N_("the near ankle"), "near_knee": N_("the near knee"),
                "hip": N_("the hip"), "head": N_("the head"), "far_hand": N_("the far hand"),
                "far_ankle": N_("the far ankle")}


def _direction(a: tuple[float, float], b: tuple[float, float]) -> int:
    return round(math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])))


def _kind_of(prop: Mapping[str, Any]) -> PropKind | None:
    """The box a pose file's prop shows in: by its type, and a chair by the side its back is on."""
    for kind in PROPS:
        if prop.get("type") == kind.record["type"] and (
                kind.record["type"] != "chair" or prop.get("facing", "right") == kind.record["facing"]):
            return kind
    return None


def grip(prop: Mapping[str, Any], near: tuple[float, float]) -> tuple[float, float] | None:
    """Where a hand holds ``prop`` (the point nearest ``near``, a shoulder); None for a prop no hand holds."""
    kind = prop.get("type")
    if kind == "chair" and prop.get("facing", "right") != "front":
        side = 1 if prop.get("facing", "right") == "right" else -1
        return (prop["x"] - 39 * side, prop.get("seat_height", 46) + 44)
    if kind == "step":
        x0 = prop["x"]
        return (min(max(near[0], x0), x0 + prop.get("width", 40)), prop.get("height", 18))
    if kind == "wall":
        return (prop["x"], near[1])
    if kind == "rail":
        return (prop["x"], prop.get("height", 95))
    return None


def boxes_of(scene: Mapping[str, Any]) -> dict[str, str]:
    """What each box shows for a pose file's data: its first panel, every limb as directions."""
    panel = scene["panels"][0]
    data = panel["figure"]
    figure = Figure.model_validate(data)
    body = pose_body(figure)
    angles = {
        "trunk": _direction(body["hip"], body["shoulder"]),
        "head": _direction(body["shoulder"], body["head"]),
    }
    for side in ("near", "far"):
        angles[f"{side}_leg.thigh"] = _direction(body[f"{side}_hip"], body[f"{side}_knee"])
        angles[f"{side}_leg.shin"] = _direction(body[f"{side}_knee"], body[f"{side}_ankle"])
        angles[f"{side}_leg.foot"] = _direction(body[f"{side}_ankle"], body[f"{side}_toe"])
        angles[f"{side}_arm.upper"] = _direction(body[f"{side}_shoulder"], body[f"{side}_elbow"])
        angles[f"{side}_arm.fore"] = _direction(body[f"{side}_elbow"], body[f"{side}_hand"])
    boxes = {name: str(value) for name, value in angles.items()}
    boxes |= {"title": scene.get("title", ""), "view": figure.view, "facing": figure.facing,
              "at_x": str(round(body["hip"][0])), "at_y": str(round(body["hip"][1]))}
    for limb in ("near_leg", "far_leg", *ARMS):
        for key in KEPT:
            if key in data.get(limb, {}):
                boxes[f"{limb}.{key}"] = str(data[limb][key]).lower()
    for arm in ARMS:
        reach = data.get(arm, {}).get("reach")
        held = [p for p in panel.get("props", ()) if isinstance(reach, list) and grip(p, reach) is not None
                and math.dist(grip(p, body[f"{arm.split('_')[0]}_shoulder"]) or (0, 0), reach) < 8]
        boxes[f"{arm}.hold"] = held[0]["type"] if held else ""
    for prop in panel.get("props", ()):
        kind = _kind_of(prop)
        if prop.get("type") == "arrow":
            boxes |= _arrow_boxes(prop, body.joints)
        elif kind is not None:
            boxes[f"prop.{kind.key}"] = "1"
            for field in ("x", "height", "width"):
                if field in prop and (field == "x" or kind.key in ("step", "mat")):
                    boxes[f"prop.{kind.key}.{field}"] = str(round(prop[field]))
    return boxes


def _arrow_boxes(arrow: Mapping[str, Any], joints: Mapping[str, tuple[float, float]]) -> dict[str, str]:
    start, end = tuple(arrow["start"]), tuple(arrow["end"])
    joint = min(ARROW_FROM, key=lambda name: math.dist(joints[name], start))
    return {"arrow": "1", "arrow.from": joint, "arrow.direction": str(_direction(start, end)),
            "arrow.length": str(round(math.dist(start, end)))}


def _number(raw: str | None, default: float) -> float:
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        return default


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


def scene_of(boxes: Mapping[str, str], kept_panels: list[Any] | None = None) -> dict[str, Any]:
    """The pose file's data from the boxes; sliders are whole degrees and centimetres."""
    at = (_whole(round(_number(boxes.get("at_x"), 100))), _whole(round(_number(boxes.get("at_y"), 91))))
    props = _props(boxes)
    figure: dict[str, Any] = {"view": boxes.get("view") or "side", "facing": boxes.get("facing") or "right",
                              "anchor": "hip", "at": list(at),
                              "trunk": _whole(round(_number(boxes.get("trunk"), 90))),
                              "head": _whole(round(_number(boxes.get("head"), 90)))}
    limbs = {"near_leg": ("thigh", "shin", "foot"), "far_leg": ("thigh", "shin", "foot"),
             "near_arm": ("upper", "fore"), "far_arm": ("upper", "fore")}
    for limb, parts in limbs.items():
        figure[limb] = {part: _whole(round(_number(boxes.get(f"{limb}.{part}"), -90))) for part in parts}
        for key in KEPT:
            raw = boxes.get(f"{limb}.{key}")
            if raw:
                figure[limb][key] = raw == "true" if key == "behind" else _number(raw, 1)
    body = pose_body(Figure.model_validate(figure))
    for arm in ARMS:
        hold = boxes.get(f"{arm}.hold") or ""
        target = next((grip(p, body[f"{arm.split('_')[0]}_shoulder"]) for p in props if p["type"] == hold), None)
        if target is not None:
            figure[arm] = {"reach": [_whole(round(target[0])), _whole(round(target[1]))], "elbow": "down"}
    if boxes.get("arrow") == "1":
        props.append(_arrow(boxes, body.joints))
    panel: dict[str, Any] = {"props": props, "figure": figure} if props else {"figure": figure}
    title = (boxes.get("title") or "").strip() or "Pose"
    return {"title": title, "panels": [panel, *(kept_panels or [])]}


def _props(boxes: Mapping[str, str]) -> list[dict[str, Any]]:
    props = []
    for kind in PROPS:
        if boxes.get(f"prop.{kind.key}") != "1":
            continue
        prop = dict(kind.record)
        if kind.x:
            prop["x"] = _whole(round(_number(boxes.get(f"prop.{kind.key}.x"), 150)))
        for field in ("height", "width"):
            raw = boxes.get(f"prop.{kind.key}.{field}")
            if raw:
                prop[field] = _whole(round(_number(raw, 18)))
        if kind.key == "wall":  # the person is on the side of the wall they stand on
            prop["side"] = "left" if prop["x"] > _number(boxes.get("at_x"), 100) else "right"
        props.append(prop)
    return props


def _arrow(boxes: Mapping[str, str], joints: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """An arrow beside a joint, pointing the way it moves: it starts a little off the joint so it does not hide it."""
    joint = boxes.get("arrow.from") if boxes.get("arrow.from") in ARROW_FROM else "near_hand"
    direction = math.radians(_number(boxes.get("arrow.direction"), 90))
    length = min(max(_number(boxes.get("arrow.length"), 20), 8), 60)
    x, y = joints[joint]
    start = (x + 10 * math.cos(direction + math.pi / 2), y + 10 * math.sin(direction + math.pi / 2))
    end = (start[0] + length * math.cos(direction), start[1] + length * math.sin(direction))
    return {"type": "arrow", "start": [_whole(round(start[0])), _whole(round(start[1]))],
            "end": [_whole(round(end[0])), _whole(round(end[1]))]}
