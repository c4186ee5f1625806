"""Words for the codes the pages show (roles, programme states), in the page language.

The database keeps stable English codes ("admin", "draft"); a page shows the
word for a person (exercise kinds and the library's facets: ``library_terms``). Kept in one place so every
template says them the same way, and a code nobody named still shows as itself.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext

from clinic.i18n import N_
from clinic.services.accounts import MIN_PASSWORD_LENGTH

ROLES = {"therapist": N_("Therapist"), "admin": N_("Admin")}
PROGRAMME_STATUSES = {"draft": N_("Draft"), "active": N_("Active"), "completed": N_("Completed")}


def _translated(words: dict[str, str]) -> dict[str, str]:
    return {code: gettext(word) for code, word in words.items()}


def _labels() -> dict[str, Any]:
    return {"roles": _translated(ROLES), "programme_statuses": _translated(PROGRAMME_STATUSES),
            "min_password_length": MIN_PASSWORD_LENGTH}


def init_labels(app: Flask) -> None:
    app.context_processor(_labels)
