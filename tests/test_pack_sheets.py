"""The contact sheets in docs/images/packs: one per plugin, kept current, and shown by its README.

The freshness check reads only file hashes (the sheet's ``.sha256`` list
against the pictures on disk), so it costs nothing and draws nothing. The
other tests make a sheet in a temporary folder to show the check can fail.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clinic.figures.pack_sheet import sheet_paths, sheet_pictures, stale_pictures, write_pack_sheet

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
SHEETS = ROOT / "docs" / "images" / "packs"
SVG = "{http://www.w3.org/2000/svg}"
WITH_PICTURES = sorted(p.name for p in PLUGINS.iterdir() if (p / "pictures").is_dir())


@pytest.mark.parametrize("plugin", WITH_PICTURES)
def test_each_plugin_sheet_was_made_from_the_pictures_on_disk(plugin: str) -> None:
    changes = stale_pictures(PLUGINS / plugin, SHEETS)
    assert not changes, f"{plugin}: remake its contact sheet with `make pack-sheets`: " + "; ".join(changes)


@pytest.mark.parametrize("plugin", WITH_PICTURES)
def test_each_plugin_readme_shows_its_sheet(plugin: str) -> None:
    readme = (PLUGINS / plugin / "README.md").read_text(encoding="utf-8")
    assert f"(../../docs/images/packs/{plugin}.svg)" in readme


@pytest.fixture
def small_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "warmups"
    shutil.copytree(PLUGINS / "warmups", folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_a_redrawn_added_or_removed_picture_makes_the_sheet_stale(small_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    write_pack_sheet(small_pack, out)
    assert stale_pictures(small_pack, out) == []

    pictures = small_pack / "pictures"
    redrawn = pictures / "brisk_walk.svg"
    redrawn.write_text(redrawn.read_text(encoding="utf-8").replace("#1a1a1a", "#000000"), encoding="utf-8")
    shutil.copyfile(pictures / "leg_swings.svg", pictures / "leg_swings--new.svg")
    (pictures / "stationary_bike.svg").unlink()

    assert stale_pictures(small_pack, out) == [
        "pictures/leg_swings--new.svg is new",
        "pictures/stationary_bike.svg was removed",
        "pictures/brisk_walk.svg was redrawn",
    ]


def test_a_plugin_with_no_sheet_is_named_as_missing(small_pack: Path, tmp_path: Path) -> None:
    missing = tmp_path / "none" / "warmups.sha256"
    assert stale_pictures(small_pack, tmp_path / "none") == [f"no sheet yet ({missing} is missing)"]


def test_the_sheet_holds_every_picture_in_ladder_order(small_pack: Path, tmp_path: Path) -> None:
    sheet, _ = write_pack_sheet(small_pack, tmp_path)
    root = ET.fromstring(sheet.read_text(encoding="utf-8"))
    assert len(root.findall(f"{SVG}svg")) == len(list((small_pack / "pictures").glob("*.svg")))
    march = [(e.file, e.rung) for e in sheet_pictures(small_pack) if e.heading == "Marching on the spot"]
    assert march == [("pictures/marching_in_place--seated.svg", "Easier (-1): Seated marching"),
                     ("pictures/marching_in_place.svg", "Standard"),
                     ("pictures/marching_in_place--high_knee.svg", "Harder (1): High-knee march")]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.index("Easier (-1): Seated marching") < texts.index("marching_in_place.svg")


def test_remade_sheets_are_the_same_bytes(small_pack: Path, tmp_path: Path) -> None:
    first, _ = write_pack_sheet(small_pack, tmp_path / "a")
    second, _ = write_pack_sheet(small_pack, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert sheet_paths(small_pack, tmp_path)[1].name == "warmups.sha256"
