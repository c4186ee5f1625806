"""The core's own handout section, provided through the same hook plugins use.

It doubles as the simplest real example of ``clinic_handout_sections``.
"""

from __future__ import annotations

from clinic.exercise_data import HandoutSection
from clinic.hookspecs import hookimpl


@hookimpl
def clinic_handout_sections(programme: dict, language: str) -> list[HandoutSection]:
    """Add short tips on doing the routine at home."""
    if language != "en":
        return []
    return [
        HandoutSection(
            id="core.home_tips",
            title="Doing your exercises at home",
            position="after_exercises",
            bullets=(
                "Wear shoes and clothes you can move in.",
                "Clear a space on the floor so you cannot trip.",
                "Move slowly. Breathe out as you push or lift.",
                "Tick the log sheet each day you do the routine.",
            ),
        )
    ]
