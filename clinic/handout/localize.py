"""Pick each handout text in the patient's language, and count every fallback to English.

A handout that silently mixes languages misleads the therapist into thinking the
patient can read all of it, so each field that prints in English for want of a
translation is recorded (``snapshot["fallbacks"]``) and shown before export.

Three kinds of text are looked up: exercise fields (plugin translations), text a
programme copied from its protocol (the protocol's phrasebook, see
``protocol_text``), and the core's own words (gettext catalogues). Dosage is
phrased from tables, so a language without a table is a fallback too.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext

from clinic.exercise_data import Dosage, Exercise, Level, describe_dosage
from clinic.exercise_data.dosage_words import SUPPORTED_LANGUAGES
from clinic.i18n import level_label

ENGLISH = "en"


class Localizer:
    """Pick a field in the handout's language, noting each fallback to English."""

    def __init__(self, language: str, phrases: dict[str, str | None] | None = None,
                 protocol_id: str | None = None, own_language: frozenset[str] = frozenset()):
        self.language = language
        self.phrases = phrases or {}
        self.protocol_id = protocol_id
        self.own_language = own_language
        """Typed texts the therapist marked as already in this language."""
        self.fallbacks: list[dict[str, str]] = []

    def _fell_back(self, entry: dict[str, str]) -> None:
        """Note a fallback once: a name printed on a card and in the table is one field."""
        if entry not in self.fallbacks:
            self.fallbacks.append(entry)

    @property
    def english(self) -> bool:
        return self.language == ENGLISH

    def exercise_field(self, exercise: Exercise, field: str) -> Any:
        value = getattr(exercise, field)
        if self.english or not value:
            return value
        translation = exercise.translations.get(self.language)
        translated = getattr(translation, field, None) if translation else None
        if translated:
            return translated
        self._fell_back({"exercise": exercise.id, "field": field})
        return value

    def level_field(self, exercise: Exercise, level: Level, field: str) -> Any:
        value = getattr(level, field)
        if self.english or not value:
            return value
        translation = exercise.translations.get(self.language)
        table = translation.levels.get(str(level.step), {}) if translation else {}
        if table.get(field):
            return table[field]
        self._fell_back({"exercise": exercise.id, "field": f"levels.{level.step}.{field}"})
        return value

    def picture_alt(self, exercise: Exercise, index: int, level: Level | None) -> str:
        """A picture's description for screen readers, which read the handout aloud too."""
        english = level.picture.alt if level and level.picture else exercise.pictures[index].alt
        if self.english:
            return english
        translation = exercise.translations.get(self.language)
        if translation is not None and level is not None and level.picture:
            translated = translation.levels.get(str(level.step), {}).get("picture_alt")
            if isinstance(translated, str) and translated:
                return translated
        elif translation is not None and translation.pictures_alt and index < len(translation.pictures_alt):
            return translation.pictures_alt[index]
        self._fell_back({"exercise": exercise.id, "field": "picture alt"})
        return english

    def picture_caption(self, exercise: Exercise, index: int, level: Level | None) -> str:
        """The short line under a picture ("Rise up, then lower slowly."), or nothing.

        A caption only adds to the steps beside it, so in another language it
        prints when it is translated and is left out otherwise, rather than
        putting English on the patient's page.
        """
        english = (level.picture.caption if level and level.picture else exercise.pictures[index].caption) or ""
        if self.english or not english:
            return english
        translation = exercise.translations.get(self.language)
        if translation is None:
            return ""
        if level is not None and level.picture:
            translated = translation.levels.get(str(level.step), {}).get("picture_caption")
            return translated if isinstance(translated, str) else ""
        captions = translation.pictures_caption or ()
        return captions[index] if index < len(captions) else ""

    def protocol_text(self, value: str | None, field: str, exercise: str | None = None) -> str | None:
        """Programme text copied from its protocol, translated while it is unchanged.

        Text the therapist wrote or edited is theirs: it prints as written. It is
        counted (with the text, so the builder can name it) until the therapist
        marks it as already in the patient's language: most of it is typed in the
        therapist's own language, and the patient cannot say so.
        """
        if self.english or not value:
            return value
        if value not in self.phrases:
            if value not in self.own_language:
                typed = {"typed": field, "field": field, "text": value}
                self._fell_back({**typed, "exercise": exercise} if exercise else typed)
            return value
        translated = self.phrases[value]
        if translated:
            return translated
        self._fell_back({"protocol": self.protocol_id or "", "field": field})
        return value

    def core_text(self, english: str, field: str) -> str:
        """The core's own words (default section titles, labels) from the gettext catalogue."""
        if self.english:
            return english
        with force_locale(self.language):
            translated = gettext(english)
        if translated == english:
            self._fell_back({"text": "clinic", "field": field})
        return translated

    def level_label(self, step: int) -> str:
        with force_locale(self.language):
            return level_label(step)

    def dosage_text(self, dosage: Dosage, exercise_id: str) -> str:
        if not self.english and self.language not in SUPPORTED_LANGUAGES:
            self._fell_back({"exercise": exercise_id, "field": "dosage"})
        return describe_dosage(dosage, self.language)


def fallback_summary(fallbacks: list[dict[str, str]], names: dict[str, str]) -> list[str]:
    """One line per source for the builder's warning, e.g. "Clamshells: steps, feel"."""
    grouped: dict[str, list[str]] = {}
    for entry in fallbacks:
        if "typed" in entry:
            source = gettext("Typed in the builder")
            entry = {**entry, "field": f"{entry['field']} ({names.get(entry['exercise'], entry['exercise'])})"
                     if "exercise" in entry else entry["field"]}
        elif "exercise" in entry:
            source = names.get(entry["exercise"], entry["exercise"])
        elif "protocol" in entry:
            source = gettext("Protocol text")
        else:
            source = gettext("Headings and labels")
        fields = grouped.setdefault(source, [])
        if entry["field"] not in fields:
            fields.append(entry["field"])
    return [f"{source}: {', '.join(fields)}" for source, fields in grouped.items()]
