"""Words for the codes the pages show (roles, programme states, audit actions), in the page language.

The database keeps stable English codes ("admin", "draft"); a page shows the
word for a person (exercise kinds and the library's facets: ``library_terms``). Kept in one place so every
template says them the same way, and a code nobody named still shows as itself.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext, pgettext

from clinic.i18n import N_
from clinic.services.accounts import MIN_PASSWORD_LENGTH

ROLES = {"therapist": N_("Therapist"), "admin": N_("Admin"), "contributor": N_("Contributor")}
PROGRAMME_STATUSES = {"draft": N_("Draft"), "active": N_("Active"), "completed": N_("Completed")}
# The audit log's actions, in the words the log used before it was translated; a code
# without an entry shows as the code.
AUDIT_ACTIONS = {
    "activate_user": N_("activate user"), "deactivate_user": N_("deactivate user"),
    "archive_patient": N_("archive patient"), "restore_patient": N_("restore patient"),
    "change_page_language": N_("change page language"), "change_password": N_("change password"),
    "change_role": N_("change role"),
    "create_patient": N_("create patient"), "create_user": N_("create user"), "erase_patient": N_("erase patient"),
    "export": N_("export"), "export_audit_log": N_("export audit log"), "export_patient": N_("export patient"),
    "handout.reprint": N_("handout.reprint"), "import_patient": N_("import patient"), "lock_out": N_("lock out"),
    "programme.create": N_("programme.create"), "programme.edit": N_("programme.edit"),
    "programme.export_json": N_("programme.export json"), "programme.template": N_("programme.template"),
    "programme.template_archive": N_("programme.template archive"), "reset_password": N_("reset password"),
    "setup": N_("setup"), "sign_in": N_("sign in"), "update_clinic": N_("update clinic"),
    "update_patient": N_("update patient"), "view_patient": N_("view patient"),
    "outcome_score": N_("record outcome score"), "outcome_schedule": N_("set outcome score schedule"),
}


def _record_types() -> dict[str, str]:
    """What the audit log's "Record" column calls each kind of record ("clinic" is also the app's name)."""
    return {"patient": pgettext("audit record", "patient"), "programme": pgettext("audit record", "programme"),
            "issued_handout": pgettext("audit record", "handout"), "user": pgettext("audit record", "user"),
            "clinic": pgettext("audit record", "clinic"), "audit_log": pgettext("audit record", "audit log"),
            "outcome_score": pgettext("audit record", "outcome score")}


def _translated(words: dict[str, str]) -> dict[str, str]:
    return {code: gettext(word) for code, word in words.items()}


def _labels() -> dict[str, Any]:
    return {"roles": _translated(ROLES), "programme_statuses": _translated(PROGRAMME_STATUSES),
            "audit_actions": _translated(AUDIT_ACTIONS), "record_types": _record_types(),
            "min_password_length": MIN_PASSWORD_LENGTH}


def init_labels(app: Flask) -> None:
    app.context_processor(_labels)
