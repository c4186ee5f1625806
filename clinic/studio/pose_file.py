"""Write a pose the studio edited as a pose file, and point the exercise's picture at its drawing.

The pose file is written whole each time (the studio's slider values are the
pose), in the layout docs/figures.md shows, so the same pose gives the same
bytes; the drawing is the kit's own, as ``draw-figures`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from clinic.studio.toml_levels import inline_table, place_key

NAME = re.compile(r"^[a-z0-9_]+(--[a-z0-9_]+)?$")


def picture_name(stem: str, level: Mapping[str, Any] | None) -> str:
    """``<exercise>`` or ``<exercise>--<level>``: a level's own picture name, or one made from its name."""
    if level is None:
        return stem
    file = (level.get("picture") or {}).get("file", "")
    match = re.fullmatch(rf"pictures/({re.escape(stem)}--[a-z0-9_]+)\.svg", file)
    if match:
        return match[1]
    words = re.sub(r"[^a-z0-9]+", "_", str(level.get("name") or "").lower()).strip("_")
    return f"{stem}--{words[:40].strip('_') or 'step' + str(abs(int(level.get('step', 1))))}"


def _panel(panel: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    props = panel.get("props") or []
    if props:
        array = tomlkit.array()
        array.extend(inline_table(prop) for prop in props)
        table["props"] = array.multiline(len(props) > 1)
    if "floor" in panel:
        table["floor"] = panel["floor"]
    figure = tomlkit.table()
    for key, value in panel["figure"].items():
        figure[key] = inline_table(value) if isinstance(value, Mapping) else value
    table["figure"] = figure
    return table


def pose_text(scene: Mapping[str, Any], origin: str) -> str:
    """The pose file's text; ``origin`` is said in its first comment (which gallery pose it began as)."""
    document = tomlkit.document()
    document.add(tomlkit.comment(f"Posed in the clinic studio, starting from {origin}. Draw it again with"))
    document.add(tomlkit.comment("flask --app clinic draw-figures PLUGIN_FOLDER; see docs/figures.md."))
    document["title"] = scene["title"]
    if scene.get("layout", "auto") != "auto":
        document["layout"] = scene["layout"]
    panels = tomlkit.aot()
    for panel in scene["panels"]:
        panels.append(_panel(panel))
    document["panels"] = panels
    return tomlkit.dumps(document)


def point_picture_at(document: tomlkit.TOMLDocument, level_index: int | None, file: str, alt: str,
                     author: str) -> None:
    """Make the exercise (or its level) print ``file``; a picture it has keeps its description and licence."""
    if level_index is None:
        pictures = document.get("pictures")
        if isinstance(pictures, AoT) and len(pictures):
            if pictures[0].get("file") != file:
                pictures[0]["file"] = file
            return
        table = tomlkit.table()
        table.update({"file": file, "alt": alt, "licence": "CC0-1.0", "author": author})
        if "pictures" not in document:
            document["pictures"] = tomlkit.aot()
        document["pictures"].append(table)
        return
    level = document["levels"][level_index]
    picture = level.get("picture")
    if picture is None:
        place_key(level, "picture", {"file": file, "alt": alt, "licence": "CC0-1.0", "author": author})
    elif picture.get("file") != file:
        picture["file"] = file
