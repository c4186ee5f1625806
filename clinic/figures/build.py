"""Render a plugin folder's pose files into its pictures folder, or check they match.

The SVG files are committed, so a reviewer sees the picture change in the
same commit as the pose, and the app never draws at request time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clinic.exercise_data.loader import DataProblem, PluginDataError
from clinic.figures.canvas import DRAWN_MARK
from clinic.figures.render import render_file

POSES_DIR = "poses"
PICTURES_DIR = "pictures"


@dataclass(frozen=True)
class FigureStatus:
    """One pose file and what happened to (or is wrong with) its picture."""

    pose: Path
    picture: Path
    state: str  # "written" | "unchanged" | "kept" (drawn by hand) | "stale" | "missing"


def _render_all(folder: Path) -> list[tuple[Path, Path, str]]:
    """Render every pose, collecting all problems first so a contributor can fix them in one go."""
    rendered, problems = [], []
    for pose in sorted((folder / POSES_DIR).glob("*.toml")):
        display = f"{folder.name}/{POSES_DIR}/{pose.name}"
        try:
            svg = render_file(pose, display)
        except PluginDataError as exc:
            problems.extend(exc.problems)
            continue
        rendered.append((pose, folder / PICTURES_DIR / f"{pose.stem}.svg", svg))
    if not rendered and not problems and not (folder / POSES_DIR).is_dir():
        problems.append(DataProblem(str(folder), "", f"no '{POSES_DIR}' folder here"))
    if problems:
        raise PluginDataError(problems)
    return rendered


def drawn_by_hand(picture: Path) -> bool:
    """A picture that exists but was not written by ``draw-figures``: an hour of somebody's work."""
    if not picture.is_file():
        return False
    if picture.suffix != ".svg":
        return True
    return DRAWN_MARK not in picture.read_text(encoding="utf-8", errors="replace")


def draw_folder(folder: Path, *, overwrite: bool = False) -> list[FigureStatus]:
    """Write every picture whose bytes would change; leave the rest untouched.

    A picture drawn by hand under a pose's name is kept unless ``overwrite`` says so:
    adding a pose file (the scaffold's example, say) must not silently replace it.
    """
    statuses = []
    for pose, picture, svg in _render_all(folder):
        current = picture.read_text(encoding="utf-8") if picture.is_file() else None
        if current == svg:
            statuses.append(FigureStatus(pose, picture, "unchanged"))
            continue
        if not overwrite and drawn_by_hand(picture):
            statuses.append(FigureStatus(pose, picture, "kept"))
            continue
        picture.parent.mkdir(exist_ok=True)
        picture.write_text(svg, encoding="utf-8")
        statuses.append(FigureStatus(pose, picture, "written"))
    return statuses


def check_folder(folder: Path) -> list[FigureStatus]:
    """Every picture that is missing or differs from what its pose draws now."""
    statuses = []
    for pose, picture, svg in _render_all(folder):
        if not picture.is_file():
            statuses.append(FigureStatus(pose, picture, "missing"))
        elif picture.read_text(encoding="utf-8") != svg:
            statuses.append(FigureStatus(pose, picture, "stale"))
    return statuses
