"""A plugin's contact sheet for the docs: every picture, one row per exercise, named by its rung.

The PDF sheet (``sheet.py``) is for checking strokes in print; this one is kept
in the repository (``docs/images/packs/<plugin>.svg``) so a reviewer sees a
whole pack at a glance, in ladder order, without running anything. It is one
SVG holding each picture inline, so it is plain text, the same bytes on every
machine, and readable in any browser or Markdown viewer.

Beside it, ``<plugin>.sha256`` lists the picture files it was made from, in
``sha256sum`` format (``sha256sum -c`` works from the plugin folder). A test
compares that list with the pictures on disk, so a picture added or redrawn
without remaking the sheet fails cheaply, with no drawing in the test.
"""

from __future__ import annotations

import base64
import hashlib
import re
import textwrap
import tomllib
from dataclasses import dataclass
from html import escape
from pathlib import Path

from clinic.exercise_data.loader import load_exercises

PICTURE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
COLUMNS = 4
CELL_WIDTH = 250
PICTURE_WIDTH = 230
PICTURE_HEIGHT = 180
LINE_HEIGHT = 15
CAPTION_LINES = 5
CAPTION_CHARS = 34
TITLE_HEIGHT = 40
CELL_HEIGHT = PICTURE_HEIGHT + 8 + LINE_HEIGHT * CAPTION_LINES + 12


@dataclass(frozen=True)
class SheetPicture:
    """One picture on the sheet and the words under it."""

    file: str  # relative to the plugin folder: "pictures/bridge--single_leg.svg"
    heading: str  # the exercise's name, or the file's for a picture no exercise names
    rung: str  # "Standard", "Easier (-1): Small bridge", or "" for an unnamed picture


def plugin_name(folder: Path) -> str:
    """The name in ``plugin.toml``, which starts every exercise id; the folder's name when unset."""
    manifest = folder / "plugin.toml"
    if manifest.is_file():
        name = tomllib.loads(manifest.read_text(encoding="utf-8")).get("name")
        if isinstance(name, str) and name:
            return name
    return folder.name


def _rung(step: int, name: str | None) -> str:
    if step == 0:
        return "Standard"
    label = f"Easier ({step})" if step < 0 else f"Harder ({step})"
    return f"{label}: {name}" if name else label


def sheet_pictures(folder: Path) -> list[SheetPicture]:
    """Each exercise's pictures in ladder order, then any picture no exercise names."""
    shown: list[SheetPicture] = []
    for exercise in sorted(load_exercises(folder, plugin_name(folder)), key=lambda e: e.id):
        for step in exercise.ladder():
            level = exercise.level(step)
            picture = exercise.pictures[0] if level is None else level.picture
            if picture is not None:
                shown.append(SheetPicture(picture.file, exercise.name, _rung(step, level.name if level else None)))
    named = {entry.file for entry in shown}
    shown += [SheetPicture(path, Path(path).name, "") for path in picture_files(folder) if path not in named]
    return shown


def picture_files(folder: Path) -> list[str]:
    """Every picture in the plugin's ``pictures`` folder, as paths relative to the plugin folder."""
    pictures = folder / "pictures"
    if not pictures.is_dir():
        return []
    return sorted(f"pictures/{p.name}" for p in pictures.iterdir() if p.suffix.lower() in PICTURE_SUFFIXES)


def picture_digests(folder: Path) -> dict[str, str]:
    """The sha256 of every picture file, by its path relative to the plugin folder."""
    return {path: hashlib.sha256((folder / path).read_bytes()).hexdigest() for path in picture_files(folder)}


def digest_text(digests: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(digests.items()))


def read_digests(text: str) -> dict[str, str]:
    """The companion file back as {path: sha256}; lines that are not ``digest  path`` are ignored."""
    found = {}
    for line in text.splitlines():
        digest, _, path = line.partition("  ")
        if re.fullmatch(r"[0-9a-f]{64}", digest) and path:
            found[path] = digest
    return found


def _inline(folder: Path, file: str, x: float, y: float) -> str:
    """The picture placed in its box: an SVG inline (its own viewBox scales it), any other kind as a data URI."""
    path = folder / file
    box = f'x="{x:g}" y="{y:g}" width="{PICTURE_WIDTH}" height="{PICTURE_HEIGHT}"'
    if not path.is_file():
        return f'<rect {box} fill="none" stroke="#c00"/>'
    if path.suffix.lower() != ".svg":
        kind = "png" if path.suffix.lower() == ".png" else "jpeg"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'<image {box} href="data:image/{kind};base64,{data}"/>'
    text = path.read_text(encoding="utf-8")
    start = text.find("<svg")
    end = text.find(">", start)
    opening = re.sub(r'\s(?:width|height|x|y|xmlns)="[^"]*"', "", text[start:end])
    return f'{opening} {box} preserveAspectRatio="xMidYMid meet">{text[end + 1:]}'.strip()


def _caption(entry: SheetPicture, x: float, y: float) -> str:
    lines = textwrap.wrap(entry.heading, CAPTION_CHARS)[:2] + textwrap.wrap(entry.rung, CAPTION_CHARS)[:2]
    lines.append(Path(entry.file).name)
    parts = []
    for i, line in enumerate(lines[:CAPTION_LINES]):
        weight = ' font-weight="bold"' if i == 0 else ""
        colour = "#666" if i == len(lines) - 1 else "#1a1a1a"
        parts.append(f'<text x="{x:g}" y="{y + LINE_HEIGHT * (i + 1):g}" fill="{colour}"{weight}>{escape(line)}</text>')
    return "".join(parts)


def _rows(entries: list[SheetPicture]) -> list[list[SheetPicture]]:
    """One row per exercise (wrapped at COLUMNS), then the pictures no exercise names, COLUMNS to a row."""
    groups: list[list[SheetPicture]] = []
    for entry in entries:
        last = groups[-1][-1] if groups else None
        same_exercise = last is not None and bool(entry.rung and last.rung) and entry.heading == last.heading
        both_unnamed = last is not None and not entry.rung and not last.rung
        if same_exercise or both_unnamed:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return [group[i:i + COLUMNS] for group in groups for i in range(0, len(group), COLUMNS)]


def sheet_svg(folder: Path, entries: list[SheetPicture]) -> str:
    """The whole sheet as one SVG document."""
    rows = _rows(entries)
    width = CELL_WIDTH * COLUMNS + 10
    height = TITLE_HEIGHT + CELL_HEIGHT * len(rows)
    name = plugin_name(folder)
    body = [f'<text x="10" y="26" font-size="18" font-weight="bold">{escape(name)}: {len(entries)} pictures. '
            f'Remade by: make pack-sheets</text>']
    for r, row in enumerate(rows):
        for c, entry in enumerate(row):
            x, y = 10 + c * CELL_WIDTH, TITLE_HEIGHT + r * CELL_HEIGHT
            body.append(f'<rect x="{x:g}" y="{y:g}" width="{PICTURE_WIDTH}" height="{PICTURE_HEIGHT}" '
                        'fill="#fff" stroke="#ccc"/>')
            body.append(_inline(folder, entry.file, x, y))
            body.append(_caption(entry, x, y + PICTURE_HEIGHT + 2))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-family="sans-serif" font-size="12">\n'
            f'<title>{escape(name)}: contact sheet of its pictures</title>\n'
            f'<rect width="{width}" height="{height}" fill="#fff"/>\n' + "\n".join(body) + "\n</svg>\n")


def sheet_paths(folder: Path, out_dir: Path) -> tuple[Path, Path]:
    name = plugin_name(folder)
    return out_dir / f"{name}.svg", out_dir / f"{name}.sha256"


def write_pack_sheet(folder: Path, out_dir: Path) -> tuple[Path, int]:
    """Write the sheet and its list of picture digests; returns the sheet's path and how many pictures it shows."""
    entries = sheet_pictures(folder)
    sheet, digests = sheet_paths(folder, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sheet.write_text(sheet_svg(folder, entries), encoding="utf-8")
    digests.write_text(digest_text(picture_digests(folder)), encoding="utf-8")
    return sheet, len(entries)


def stale_pictures(folder: Path, out_dir: Path) -> list[str]:
    """What changed since the sheet was made: each picture added, removed or redrawn, as a sentence."""
    _, digests_file = sheet_paths(folder, out_dir)
    if not digests_file.is_file():
        return [f"no sheet yet ({digests_file} is missing)"]
    recorded = read_digests(digests_file.read_text(encoding="utf-8"))
    now = picture_digests(folder)
    changes = [f"{path} is new" for path in sorted(now.keys() - recorded.keys())]
    changes += [f"{path} was removed" for path in sorted(recorded.keys() - now.keys())]
    changes += [f"{path} was redrawn" for path in sorted(now.keys() & recorded.keys()) if now[path] != recorded[path]]
    return changes
