"""Languages: the therapist's page language and the patient's handout language.

The two are chosen separately: a Spanish-speaking patient's handout is printed in
Spanish by a therapist whose pages are in English. Pages follow the user's
setting; a handout render wraps itself in ``force_locale(handout_language)``.
"""

from __future__ import annotations

import logging
import os
import tempfile

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request
from flask_babel import Babel, get_locale, gettext
from flask_login import current_user

from clinic.config import PROJECT_ROOT

babel = Babel()

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
"""Languages with page and handout text; a plugin may add content in others."""

TRANSLATIONS_DIR = PROJECT_ROOT / "clinic" / "translations"

RIGHT_TO_LEFT = {"ar", "he", "fa", "ur"}
"""Languages written right to left: the handout's <html> gets dir="rtl" for them."""


def has_catalogue(language: str) -> bool:
    """Whether the page and handout headings exist in ``language`` (else they print in English)."""
    return (TRANSLATIONS_DIR / language.split("_")[0] / "LC_MESSAGES" / "messages.po").is_file()


def level_label(step: int) -> str:
    """The rung's name in the current page or handout language."""
    if step == 0:
        return gettext("Standard")
    if step < 0:
        return gettext("Easier") if step == -1 else gettext("Easier (%(n)s)", n=-step)
    return gettext("Harder") if step == 1 else gettext("Harder (%(n)s)", n=step)


def text_direction(language: str) -> str:
    return "rtl" if language.split("_")[0].split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def N_(text: str) -> str:  # noqa: N802  (the name gettext tools look for)
    """Mark a constant for extraction; it is translated where it is used, in the right language."""
    return text


def page_language() -> str:
    """The language this request's pages are in; the builder's dosage lines follow it too."""
    return str(get_locale() or "en")


def select_locale() -> str:
    """The signed-in user's page language, else the browser's best match."""
    if current_user and getattr(current_user, "is_authenticated", False):
        language = getattr(current_user, "ui_language", None)
        if language in LANGUAGES:
            return language
    best = request.accept_languages.best_match(list(LANGUAGES)) if request else None
    return best or current_app.config["DEFAULT_LANGUAGE"]


log = logging.getLogger(__name__)


def compile_stale_catalogues() -> None:
    """Build a missing or out-of-date ``.mo`` from its ``.po``.

    ``make setup`` compiles them, but after a pull that changed a ``.po`` (or a
    test run on a fresh checkout) the old ``.mo`` would silently show English.
    Written to a temporary file and renamed, so parallel workers never read half
    a file; a read-only install just logs and keeps what it has.
    """
    for po_path in TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as source:
                catalog = read_po(source)
            handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
            with os.fdopen(handle, "wb") as target:
                write_mo(target, catalog)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; the .mo is not secret
            os.replace(temporary, mo_path)
        except OSError as problem:
            log.warning("could not compile %s: %s", po_path, problem)


def init_i18n(app: Flask) -> None:
    compile_stale_catalogues()
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS_DIR),
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["page_language"] = page_language
