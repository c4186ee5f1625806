"""Read a pose file and draw it: panels side by side, a "then" arrow between them."""

from __future__ import annotations

from pathlib import Path

from clinic.exercise_data.loader import DataProblem, PluginDataError, read_toml, validate_record
from clinic.figures import style
from clinic.figures.canvas import Canvas, to_svg
from clinic.figures.person import draw_person
from clinic.figures.props import draw_arrow, draw_back_props, draw_front_props
from clinic.figures.scene import Panel, Scene
from clinic.figures.skeleton import pose_body


def load_scene(path: Path, display: str | None = None) -> Scene:
    """Parse and check a pose file; problems raise PluginDataError naming file, field and line."""
    display = display or path.name
    data, text = read_toml(path, display)
    try:
        scene = validate_record(Scene, data, text, display)
    except PluginDataError as exc:
        raise PluginDataError(_without_echoes(exc.problems)) from None
    problems = _below_the_floor(scene, display)
    if problems:
        raise PluginDataError(problems)
    return scene


def _below_the_floor(scene: Scene, display: str) -> list[DataProblem]:
    """A joint under the floor is nearly always a limb left at its default (hanging straight down)."""
    problems = []
    for index, panel in enumerate(scene.panels):
        sunk = sunk_joints(panel)
        if sunk:
            problems.append(DataProblem(
                display, f"panels[{index}].figure",
                f"{', '.join(sunk)} would be under the floor: set that limb's directions, or move 'at' up",
            ))
    return problems


FLOOR_TOLERANCE = -3.0  # cm: a heel may press a little into a mat


def sunk_joints(panel: Panel) -> list[str]:
    """The joints drawn under the panel's floor (none when it has no floor), in the skeleton's order."""
    if not panel.floor:
        return []
    return [name for name, (_, y) in pose_body(panel.figure).joints.items() if y < FLOOR_TOLERANCE]


def _without_echoes(problems: list[DataProblem]) -> list[DataProblem]:
    """Drop pydantic's "tuple too short" that follows any bad panel: it only repeats the real problem."""
    fields = [p.field for p in problems]
    return [
        p for p in problems
        if not (p.message.startswith("Tuple should have at least")
                and any(f.startswith(p.field + "[") for f in fields))
    ]


def _draw_panel(panel: Panel) -> Canvas:
    """One panel in its own coordinates, its floor line spanning what is drawn."""
    canvas = Canvas()
    body = pose_body(panel.figure)
    draw_back_props(canvas, panel.props)
    draw_person(canvas, body)
    draw_front_props(canvas, panel.props, body)
    if panel.floor:
        x0, _, x1, _ = canvas.bounds()
        floor = Canvas()
        floor.line([(x0 - style.MARGIN / 2, 0), (x1 + style.MARGIN / 2, 0)], style.PROP_INK, style.FLOOR_WIDTH)
        canvas.shapes[:0] = floor.shapes  # the floor goes behind everything
    return canvas


def _fit(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Grow the box to the style's minimum size and aspect range, keeping the floor at the bottom.

    A minimum size keeps a person drawn at much the same scale in every picture,
    whether they stand, sit or lie.
    """
    x0, y0, x1, y1 = box
    if x1 - x0 < style.MIN_WIDTH:
        extra = (style.MIN_WIDTH - (x1 - x0)) / 2
        x0, x1 = x0 - extra, x1 + extra
    y1 = max(y1, y0 + style.MIN_HEIGHT)
    width, height = x1 - x0, y1 - y0
    if width < height * style.MIN_ASPECT:
        extra = (height * style.MIN_ASPECT - width) / 2
        x0, x1 = x0 - extra, x1 + extra
    elif width > height * style.MAX_ASPECT:
        y1 = y0 + width / style.MAX_ASPECT
    return x0, y0, x1, y1


def _in_column(scene: Scene, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Wide, low panels (a person lying down) stack one above the other, so each stays big in print."""
    if scene.layout != "auto":
        return scene.layout == "column"
    return all(x1 - x0 > style.STACK_RATIO * (y1 - min(y0, 0)) for x0, y0, x1, y1 in boxes)


def render_scene(scene: Scene) -> str:
    """The SVG text of a scene: same scene, same bytes."""
    panels = [_draw_panel(panel) for panel in scene.panels]
    boxes = [panel.bounds() for panel in panels]
    column = len(panels) == 2 and _in_column(scene, boxes)
    canvas = Canvas()
    cursor = 0.0
    for panel, (x0, y0, x1, y1) in zip(reversed(panels) if column else panels, reversed(boxes) if column else boxes,
                                       strict=True):
        if column:  # the first panel goes on top: build from the bottom up
            canvas.shapes.extend(shape.moved(0, cursor - min(y0, 0)) for shape in panel.shapes)
            cursor += y1 - min(y0, 0) + style.PANEL_GAP
        else:
            canvas.shapes.extend(shape.moved(cursor - x0, 0) for shape in panel.shapes)
            cursor += x1 - x0 + style.PANEL_GAP
    if len(panels) == 2:
        _then_arrow(canvas, boxes, column)
    x0, y0, x1, y1 = canvas.bounds()
    box = _fit((x0 - style.MARGIN, min(y0, 0) - style.MARGIN, x1 + style.MARGIN, y1 + style.MARGIN))
    return to_svg(canvas, box, scene.title)


def _then_arrow(canvas: Canvas, boxes: list[tuple[float, float, float, float]], column: bool) -> None:
    """The arrow from the first position to the second, in the gap between the panels."""
    first, second = boxes
    if column:
        gap_middle = second[3] - min(second[1], 0) + style.PANEL_GAP / 2
        x = min(first[0], second[0]) + 16
        draw_arrow(canvas, (x, gap_middle + 14), (x, gap_middle - 14))
    else:
        middle = first[2] - first[0] + style.PANEL_GAP / 2
        height = max(first[3], second[3]) * 0.5
        draw_arrow(canvas, (middle - 16, height), (middle + 16, height))


def render_file(path: Path, display: str | None = None) -> str:
    return render_scene(load_scene(path, display))
