"""Read a pose file and draw it: panels side by side, a "then" arrow between them."""

from __future__ import annotations

from pathlib import Path

from clinic.exercise_data.loader import read_toml, validate_record
from clinic.figures import style
from clinic.figures.canvas import Canvas, to_svg
from clinic.figures.person import draw_person
from clinic.figures.pose import Scene
from clinic.figures.props import draw_arrow, draw_back_props, draw_front_props
from clinic.figures.skeleton import pose_body


def load_scene(path: Path, display: str | None = None) -> Scene:
    """Parse and check a pose file; problems raise PluginDataError naming file, field and line."""
    data, text = read_toml(path, display or path.name)
    return validate_record(Scene, data, text, display or path.name)


def _draw_panel(panel) -> Canvas:
    canvas = Canvas()
    body = pose_body(panel.figure)
    draw_back_props(canvas, panel.props)
    draw_person(canvas, body)
    draw_front_props(canvas, panel.props, body)
    return canvas


def _fit(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Pad the box to an aspect ratio within the style's range, keeping the floor at the bottom."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if width < height * style.MIN_ASPECT:
        extra = (height * style.MIN_ASPECT - width) / 2
        x0, x1 = x0 - extra, x1 + extra
    elif width > height * style.MAX_ASPECT:
        y1 = y0 + width / style.MAX_ASPECT
    return x0, y0, x1, y1


def render_scene(scene: Scene) -> str:
    """The SVG text of a scene: same scene, same bytes."""
    canvas = Canvas()
    panel_boxes = []
    cursor = 0.0
    for index, panel in enumerate(scene.panels):
        drawn = _draw_panel(panel)
        x0, _, x1, _ = drawn.bounds()
        if index:
            cursor += style.PANEL_GAP
        shift = cursor - x0
        canvas.shapes.extend(shape.moved(shift, 0) for shape in drawn.shapes)
        panel_boxes.append((cursor, cursor + x1 - x0, panel.floor))
        cursor += x1 - x0
    x0, y0, x1, y1 = canvas.bounds()
    box = _fit((x0 - style.MARGIN, min(y0, 0) - style.MARGIN, x1 + style.MARGIN, y1 + style.MARGIN))
    floors = Canvas()
    for left, right, has_floor in panel_boxes:
        if has_floor:
            floors.line([(left - style.MARGIN / 2, 0), (right + style.MARGIN / 2, 0)], style.PROP_INK,
                        style.FLOOR_WIDTH)
    if len(panel_boxes) == 2:
        middle = (panel_boxes[0][1] + panel_boxes[1][0]) / 2
        height = box[1] + (box[3] - box[1]) * 0.5
        draw_arrow(canvas, (middle - 16, height), (middle + 16, height))
    canvas.shapes[:0] = floors.shapes  # the floor goes behind everything
    return to_svg(canvas, box, scene.title)


def render_file(path: Path, display: str | None = None) -> str:
    return render_scene(load_scene(path, display))
