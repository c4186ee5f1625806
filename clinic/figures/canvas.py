"""A tiny drawing surface: shapes in centimetres (y up), written out as SVG.

Curves are sampled into polylines so that every shape is a list of points:
bounds are exact and the output is the same bytes for the same input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from clinic.figures.style import BACKGROUND

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """A polyline, polygon or circle with its style."""

    kind: str  # "line" | "polygon" | "circle"
    points: tuple[Point, ...]
    stroke: str | None = None
    width: float = 0.0
    fill: str | None = None
    radius: float = 0.0

    def bounds(self) -> tuple[float, float, float, float]:
        pad = self.radius + self.width / 2
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad

    def moved(self, dx: float, dy: float) -> Shape:
        return Shape(self.kind, tuple((x + dx, y + dy) for x, y in self.points), self.stroke,
                     self.width, self.fill, self.radius)


@dataclass
class Canvas:
    shapes: list[Shape] = field(default_factory=list)

    def line(self, points: list[Point] | tuple[Point, ...], stroke: str, width: float) -> None:
        self.shapes.append(Shape("line", tuple(points), stroke=stroke, width=width))

    def polygon(self, points: list[Point], fill: str, stroke: str | None = None, width: float = 0) -> None:
        self.shapes.append(Shape("polygon", tuple(points), stroke=stroke, width=width, fill=fill))

    def circle(self, centre: Point, radius: float, fill: str, stroke: str | None = None, width: float = 0) -> None:
        self.shapes.append(Shape("circle", (centre,), stroke=stroke, width=width, fill=fill, radius=radius))

    def bounds(self) -> tuple[float, float, float, float]:
        boxes = [s.bounds() for s in self.shapes]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


def curve(start: Point, end: Point, bend: float, samples: int = 16) -> list[Point]:
    """A quadratic curve whose middle sits ``bend`` x length to the left of the straight line."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    mid = ((start[0] + end[0]) / 2 - dy * bend * 2, (start[1] + end[1]) / 2 + dx * bend * 2)
    points = []
    for i in range(samples + 1):
        t = i / samples
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
        points.append((a * start[0] + b * mid[0] + c * end[0], a * start[1] + b * mid[1] + c * end[1]))
    return points


def ellipse(centre: Point, rx: float, ry: float, tilt: float, samples: int = 24) -> list[Point]:
    """Points round an ellipse tilted by ``tilt`` degrees (closed: last point repeats the first)."""
    cos_t, sin_t = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
    points = []
    for i in range(samples + 1):
        a = 2 * math.pi * i / samples
        x, y = rx * math.cos(a), ry * math.sin(a)
        points.append((centre[0] + x * cos_t - y * sin_t, centre[1] + x * sin_t + y * cos_t))
    return points


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Written into every drawn picture so ``draw-figures`` can tell its own output from a
# picture somebody drew by hand, which it must never overwrite.
DRAWN_MARK = "<!-- Drawn by flask draw-figures from its pose file: edit the pose, not this file. -->"


def to_svg(canvas: Canvas, box: tuple[float, float, float, float], title: str) -> str:
    """Write the shapes inside ``box`` (x0, y0, x1, y1, y up) as an SVG document."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0

    def pt(p: Point) -> tuple[str, str]:
        return _num(p[0] - x0), _num(y1 - p[1])  # flip: SVG's y grows downwards

    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'role="img" stroke-linecap="round" stroke-linejoin="round">',
        DRAWN_MARK,
        f"<title>{escape(title)}</title>",
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="{BACKGROUND}"/>',
    ]
    for shape in canvas.shapes:
        style = f'fill="{shape.fill or "none"}"'
        if shape.stroke:
            style += f' stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"'
        if shape.kind == "circle":
            cx, cy = pt(shape.points[0])
            lines.append(f'<circle cx="{cx}" cy="{cy}" r="{_num(shape.radius)}" {style}/>')
        else:
            coords = " ".join(",".join(pt(p)) for p in shape.points)
            tag = "polygon" if shape.kind == "polygon" else "polyline"
            lines.append(f'<{tag} points="{coords}" {style}/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
