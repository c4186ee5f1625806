"""The core's own handout section, provided through the same hook plugins use.

It doubles as the simplest real example of ``clinic_handout_sections``, and of a
hook that takes only the argument it needs (``language``). Its words
come from the gettext catalogue of the handout language; in a language without
one it adds nothing rather than a block of English.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext

from clinic.exercise_data import HandoutSection
from clinic.hookspecs import hookimpl
from clinic.i18n import N_, has_catalogue

TITLE = N_("Doing your exercises at home")
TIPS = (
    N_("Wear shoes and clothes you can move in."),
    N_("Clear a space on the floor so you cannot trip."),
    N_("Move slowly. Breathe out as you push or lift."),
    N_("Tick the log sheet each day you do the routine."),
)


@hookimpl
def clinic_handout_sections(language: str) -> list[HandoutSection]:
    """Add short tips on doing the routine at home."""
    if language != "en" and not has_catalogue(language):
        return []
    with force_locale(language):
        return [
            HandoutSection(
                id="core.home_tips",
                title=gettext(TITLE),
                position="after_exercises",
                bullets=tuple(gettext(tip) for tip in TIPS),
            )
        ]
