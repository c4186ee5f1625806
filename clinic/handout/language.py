"""What the therapist should know about a handout's language before printing it.

The patient cannot tell the therapist that half the handout came out in English,
so the builder says it first: how many fields fall back to English for the chosen
language (never hidden, even when the count is zero), and whether the translation
has been reviewed by a clinician.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale

from clinic.catalogue import Catalogue
from clinic.handout.localize import fallback_summary
from clinic.handout.resolve import resolve_programme
from clinic.i18n import LANGUAGES
from clinic.models import Clinic, Patient, Programme, User


def language_name(code: str) -> str:
    """The language's name in the page language, e.g. "Spanish" on an English page."""
    try:
        shown = Locale.parse(code).get_display_name(get_locale() or "en") or code
    except (UnknownLocaleError, ValueError):
        return code
    return shown[0].upper() + shown[1:]


def handout_languages(catalogue: Catalogue) -> list[tuple[str, str]]:
    """The page languages, then every language some plugin has translated into."""
    codes = list(LANGUAGES)
    found = {lang for e in catalogue.exercises.values() for lang in e.translations}
    found |= {lang for p in catalogue.protocols.values() for lang in p.translations}
    codes += sorted(found - set(codes))
    return [(code, language_name(code)) for code in codes]


@dataclass(frozen=True)
class TypedText:
    """A text the therapist typed that prints as typed: the builder names it and offers to mark it."""

    field: str
    text: str


@dataclass
class LanguageCheck:
    language: str
    name: str
    fallbacks: list[str] = field(default_factory=list)
    count: int = 0
    unreviewed: bool = False
    typed: list[TypedText] = field(default_factory=list)


def _unreviewed(programme: Programme, catalogue: Catalogue, language: str) -> bool:
    """True when any translation this programme prints has not been checked by a clinician."""
    texts = []
    for item in programme.items:
        exercise = catalogue.exercises.get(item.exercise_id)
        if exercise is not None and language in exercise.translations:
            texts.append(exercise.translations[language])
    protocol = catalogue.protocols.get(programme.protocol_id or "")
    if protocol is not None and language in protocol.translations:
        texts.append(protocol.translations[language])
    return any(not text.reviewed for text in texts)


MARK_LIMIT = 200


def mark_own_language(programme: Programme, language: str, text: str) -> bool:
    """Note that a typed text is already in ``language``, so it stops counting as English.

    Kept by text, not by field: once the text is edited it counts again, since the
    new words may be English. False when there is nothing to mark.
    """
    text = text.strip()
    if not text or language == "en":
        return False
    marks = {k: list(v) for k, v in (programme.own_language or {}).items()}
    kept = marks.setdefault(language, [])
    if text in kept:
        return False
    kept.append(text)
    marks[language] = kept[-MARK_LIMIT:]
    # JSON columns are not mutation-tracked: assign a new dict so the change is saved.
    programme.own_language = marks
    return True


def check_language(programme: Programme, patient: Patient, clinic: Clinic, therapist: User | None,
                   catalogue: Catalogue, language: str) -> LanguageCheck:
    """Resolve the programme in ``language`` and report what would print in English."""
    check = LanguageCheck(language=language, name=language_name(language))
    if language == "en":
        return check
    snapshot = resolve_programme(programme, patient, clinic, therapist, catalogue, language, pictures=False)
    names = {eid: e.name for eid, e in catalogue.exercises.items()}
    fallbacks = [f.model_dump(exclude_none=True) for f in snapshot.fallbacks]
    check.count = len(fallbacks)
    check.fallbacks = fallback_summary(fallbacks, names)
    seen: set[str] = set()
    for entry in fallbacks:
        if "typed" in entry and entry["text"] not in seen:
            seen.add(entry["text"])
            where = f" ({names.get(entry['exercise'], entry['exercise'])})" if "exercise" in entry else ""
            check.typed.append(TypedText(field=entry["field"] + where, text=entry["text"]))
    check.unreviewed = _unreviewed(programme, catalogue, language)
    return check
