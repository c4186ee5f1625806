"""The ready poses a new picture starts from: standing, sitting, lying, kneeling, on all fours.

They are ordinary pose files (``clinic/figures/gallery/*.toml``), shipped with
the core so the studio can offer them; each is drawn by the same kit and must
pass the same checks as a plugin's (``tests/test_figures.py`` draws them all).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clinic.exercise_data.loader import read_toml
from clinic.i18n import N_

GALLERY = Path(__file__).resolve().parent / "gallery"
# The order the studio lists them in: upright first, then down to the floor.
ORDER = ("standing", "standing_at_chair", "one_leg", "sitting_chair", "long_sitting", "lying_back", "lying_side",
         "lying_front", "kneeling", "all_fours")
# What the studio's list calls each (the file's title is the picture's, which a contributor changes).
LABELS = {"standing": N_("Standing"), "standing_at_chair": N_("Standing at a chair back"),
          "one_leg": N_("Standing on one leg"), "sitting_chair": N_("Sitting on a chair, side view"),
          "long_sitting": N_("Sitting with the legs out straight"), "lying_back": N_("Lying on the back"),
          "lying_side": N_("Lying on the side"), "lying_front": N_("Lying face down"), "kneeling": N_("Kneeling"),
          "all_fours": N_("On hands and knees")}


def names() -> tuple[str, ...]:
    """Every gallery pose by file stem, in ``ORDER`` and then any added later."""
    present = {path.stem for path in GALLERY.glob("*.toml")}
    return tuple(name for name in ORDER if name in present) + tuple(sorted(present - set(ORDER)))


def pose_path(name: str) -> Path | None:
    """The gallery file called ``name``, or None for a name that is not one (never a path outside the gallery)."""
    return GALLERY / f"{name}.toml" if name in names() else None


def pose_data(name: str) -> dict[str, Any] | None:
    """A gallery pose as the plain data of a pose file."""
    path = pose_path(name)
    return None if path is None else read_toml(path, f"gallery/{path.name}")[0]
