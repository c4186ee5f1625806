"""How long a title and a note may be, and the one way a longer one is refused.

Text that is too long is refused with the limit in the message, never cut
short: a cut note could lose the very sentence the therapist added last.
"""

from __future__ import annotations

from typing import Literal

from flask_babel import gettext

from clinic.i18n import N_

TITLE_LIMIT = 200
"""The programme's title column holds 200 characters."""

NOTE_LIMIT = 2000
"""A note for the patient on one exercise card."""

LIMITS = {"title": TITLE_LIMIT, "note": NOTE_LIMIT}
# Whole sentences, not a noun slotted into one: in Spanish the words around it agree with it.
MESSAGES = {
    "title": N_("The title is too long: keep it to %(limit)s characters (this one has %(count)s). "
                "Nothing was saved."),
    "note": N_("The note is too long: keep it to %(limit)s characters (this one has %(count)s). "
               "Nothing was saved."),
}


def too_long(kind: Literal["title", "note"], count: int) -> str | None:
    """The refusal when ``count`` characters are over the limit, else None."""
    limit = LIMITS[kind]
    if count <= limit:
        return None
    limit_text, count_text = f"{limit:,}", f"{count:,}"
    return gettext(MESSAGES[kind], limit=limit_text, count=count_text)
