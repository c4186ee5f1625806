"""Write small plugin folders into a temporary directory for discovery tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

INIT = """
from clinic.plugin_kit import DataFolder, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_protocols():
    return data.protocols()
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'


def exercise_toml(name: str = "Bridge", extra: str = "", picture: str = "pictures/a.svg") -> str:
    return textwrap.dedent(
        f"""
        name = "{name}"
        summary = "Makes the back of your hips strong."
        kind = "strength"
        body_regions = ["hip"]
        starting_position = "Lie on your back with knees bent."
        steps = ["Lift your hips.", "Lower slowly."]
        feel = "Work in your buttocks."
        {extra}

        [dosage]
        sets = [2, 3]
        reps = [10, 12]

        [[pictures]]
        file = "{picture}"
        alt = "A person lying with hips lifted."
        licence = "CC0-1.0"
        author = "tests"
        """
    )


def write_plugin(
    root: Path,
    name: str,
    exercises: dict[str, str] | None = None,
    init: str = INIT,
    protocols: dict[str, str] | None = None,
    meta: str | None = None,
) -> Path:
    """Create ``root/name`` as a folder plugin and return its path."""
    folder = root / name
    (folder / "exercises").mkdir(parents=True, exist_ok=True)
    (folder / "pictures").mkdir(exist_ok=True)
    (folder / "pictures" / "a.svg").write_text(SVG)
    (folder / "__init__.py").write_text(init)
    (folder / "plugin.toml").write_text(meta or f'name = "{name}"\nversion = "1.2.0"\n')
    for stem, text in (exercises if exercises is not None else {"bridge": exercise_toml()}).items():
        (folder / "exercises" / f"{stem}.toml").write_text(text)
    if protocols:
        (folder / "protocols").mkdir(exist_ok=True)
        for stem, text in protocols.items():
            (folder / "protocols" / f"{stem}.toml").write_text(text)
    return folder
