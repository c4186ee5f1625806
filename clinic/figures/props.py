"""Draw the things round a person: furniture behind, band, strap and weights in front."""

from __future__ import annotations

import math

from clinic.figures import prop_records as records
from clinic.figures import style
from clinic.figures.canvas import Canvas, Point, curve, ellipse
from clinic.figures.skeleton import Body, toward

BAND_INK = "#a8322a"  # red on screen, a dark grey in print: reads as a different thing from a limb
WEIGHT_INK = "#333333"
WALL_FACE = "#ececec"  # paler than a prop: a surface behind, not a thing in the way
WALL_EDGE = "#bdbdbd"


def _box(canvas: Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    canvas.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], style.PROP_FILL, style.PROP_INK, style.PROP_WIDTH)


def _wall(canvas: Canvas, wall: records.Wall) -> None:
    if wall.side == "behind":
        canvas.polygon([(wall.x, 0), (wall.x + wall.width, 0), (wall.x + wall.width, wall.height),
                        (wall.x, wall.height)], WALL_FACE, WALL_EDGE, 2)
        return
    thickness = 10 if wall.side == "right" else -10  # the wall lies away from the person
    _box(canvas, wall.x - thickness, 0, wall.x, wall.height)


def _chair(canvas: Canvas, chair: records.Chair) -> None:
    if chair.facing == "front":
        _chair_from_front(canvas, chair)
        return
    s = 1 if chair.facing == "right" else -1
    front, back, seat = chair.x, chair.x - 42 * s, chair.seat_height
    ink, width = style.PROP_INK, style.PROP_WIDTH + 2
    canvas.line([(front - 3 * s, 0), (front - 3 * s, seat)], ink, width)
    canvas.line([(back + 3 * s, 0), (back + 3 * s, seat + 44)], ink, width)
    canvas.line([(back, seat), (front, seat)], ink, width + 2)


def _chair_from_front(canvas: Canvas, chair: records.Chair) -> None:
    x, seat, ink, width = chair.x, chair.seat_height, style.PROP_INK, style.PROP_WIDTH + 2
    canvas.line([(x - 19, seat + 44), (x + 19, seat + 44)], ink, width)  # top of the back
    for side in (-19, 19):
        canvas.line([(x + side, 0), (x + side, seat + 44)], ink, width)
    canvas.line([(x - 23, seat), (x + 23, seat)], ink, width + 2)


def _bike(canvas: Canvas, bike: records.Bike) -> None:
    s = 1 if bike.facing == "right" else -1
    x, top = bike.x, bike.saddle_height

    def at(dx: float, y: float) -> Point:
        return (x + dx * s, y)

    ink, width = style.PROP_INK, style.PROP_WIDTH + 2
    crank = at(10, 34)
    canvas.line([at(-35, 3), at(75, 3)], ink, width)  # feet on the floor
    canvas.line([at(-25, 3), crank], ink, width)
    canvas.circle(at(55, 30), 22, fill=style.PROP_FILL, stroke=ink, width=style.PROP_WIDTH)  # flywheel
    canvas.line([crank, at(0, top - 4)], ink, width)  # seat post
    canvas.line([crank, at(55, 30), at(58, 3)], ink, width)
    canvas.line([at(55, 30), at(48, top + 20), at(38, top + 22)], ink, width)  # bars
    canvas.line([at(-10, top), at(9, top)], ink, width + 4)  # saddle
    canvas.circle(crank, 5, fill=ink)


def _band(canvas: Canvas, body: Body, band: records.Band) -> None:
    """A ring round both legs, a little above the knees or round the ankles."""
    upper_joint, lower_joint, t = ("hip", "knee", 0.72) if band.at == "knees" else ("knee", "ankle", 0.85)
    near = _along(body[f"near_{upper_joint}"], body[f"near_{lower_joint}"], t)
    far = _along(body[f"far_{upper_joint}"], body[f"far_{lower_joint}"], t)
    upper, lower = body[f"near_{upper_joint}"], body[f"near_{lower_joint}"]
    gap = math.dist(near, far)
    if gap < 4:  # the legs overlap in side view: a ring across the limb
        tilt = math.degrees(math.atan2(lower[1] - upper[1], lower[0] - upper[0])) + 90
    else:
        tilt = math.degrees(math.atan2(far[1] - near[1], far[0] - near[0]))
    centre = ((near[0] + far[0]) / 2, (near[1] + far[1]) / 2)
    canvas.line(ellipse(centre, gap / 2 + 7, 4, tilt), BAND_INK, 4)


def _along(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _ankle_weight(canvas: Canvas, body: Body, at: str) -> None:
    """A short thick cuff across the shin just above the ankle."""
    knee, ankle = body[at.replace("ankle", "knee")], body[at]
    centre = _along(knee, ankle, 0.86)
    across = math.degrees(math.atan2(ankle[1] - knee[1], ankle[0] - knee[0])) + 90
    canvas.line([toward(centre, across, 8), toward(centre, across + 180, 8)], WEIGHT_INK, 11)


def _dumbbell(canvas: Canvas, centre: Point) -> None:
    x, y = centre
    canvas.line([(x - 9, y), (x + 9, y)], WEIGHT_INK, 4)
    for end in (-9, 9):
        canvas.line([(x + end, y - 7), (x + end, y + 7)], WEIGHT_INK, 7)


def draw_arrow(canvas: Canvas, start: Point, end: Point, bend: float = 0.0) -> None:
    """A motion arrow: a curve with a filled head, its shaft stopping short of the tip."""
    points = curve(start, end, bend)
    tail = points[-3]
    angle = math.degrees(math.atan2(end[1] - tail[1], end[0] - tail[0]))
    base = toward(end, angle + 180, style.ARROW_HEAD)
    shaft = [p for p in points[1:] if math.dist(p, start) < math.dist(base, start)]
    canvas.line([start, *shaft, base], style.ARROW_INK, style.ARROW_WIDTH)
    half = style.ARROW_HEAD * 0.6
    canvas.polygon([end, toward(base, angle + 90, half), toward(base, angle - 90, half)], style.ARROW_INK)


def draw_back_props(canvas: Canvas, props: tuple[records.Prop, ...]) -> None:
    for prop in props:
        if isinstance(prop, records.Wall):
            _wall(canvas, prop)
        elif isinstance(prop, records.Step):
            _box(canvas, prop.x, 0, prop.x + prop.width, prop.height)
        elif isinstance(prop, records.Mat) and prop.depth is not None:
            canvas.polygon([(prop.x, prop.y), (prop.x + prop.width, prop.y), (prop.x + prop.width, prop.y + prop.depth),
                            (prop.x, prop.y + prop.depth)], style.PROP_FILL, WALL_EDGE, 2)
        elif isinstance(prop, records.Mat):
            _box(canvas, prop.x, 0, prop.x + prop.width, 3)
        elif isinstance(prop, records.Roll):
            canvas.circle((prop.x, prop.y + prop.radius), prop.radius, style.PROP_FILL, style.PROP_INK, 3)
        elif isinstance(prop, records.Chair):
            _chair(canvas, prop)
        elif isinstance(prop, records.Rail):
            canvas.line([(prop.x, 0), (prop.x, prop.height)], style.PROP_INK, style.PROP_WIDTH + 2)
            canvas.line([(prop.x - 14, prop.height), (prop.x + 14, prop.height)], style.PROP_INK, style.PROP_WIDTH + 4)
        elif isinstance(prop, records.Bike):
            _bike(canvas, prop)


def draw_front_props(canvas: Canvas, props: tuple[records.Prop, ...], body: Body) -> None:
    for prop in props:
        if isinstance(prop, records.Band):
            _band(canvas, body, prop)
        elif isinstance(prop, records.AnkleWeight):
            _ankle_weight(canvas, body, prop.at)
        elif isinstance(prop, records.Strap):
            canvas.line([body[prop.start], body[prop.end]], style.PROP_INK, style.PROP_WIDTH)
        elif isinstance(prop, records.Dumbbell):
            _dumbbell(canvas, body[prop.at])
        elif isinstance(prop, records.Arrow):
            draw_arrow(canvas, prop.start, prop.end, prop.bend)

