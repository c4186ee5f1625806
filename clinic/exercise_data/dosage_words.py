"""Plain-language wording of a dosage, in each language the handout supports.

Every phrase is a gettext message with the context "dosage" (``pgettext``, and
``npgettext`` for plural forms), so a translator adds a language in its ``.po``
file with no code change. Numbers go through Babel. The catalogues are read
here without Flask, since plugins, their tests and ``check-plugin`` phrase
dosages outside the app.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

if TYPE_CHECKING:
    from clinic.exercise_data.dosage import Dosage, IntRange

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
CONTEXT = "dosage"
MARKER = "each side"
"""A dosage message every translated language has: its presence says the language is supported."""


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue, read from its ``.po`` (always current, no compile step needed)."""
    po = TRANSLATIONS_DIR / language.split("_")[0] / "LC_MESSAGES" / "messages.po"
    if language == "en" or not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=language.split("_")[0])
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def supports(language: str) -> bool:
    """English, or a language whose catalogue translates the dosage phrases."""
    if language == "en":
        return True
    return translations(language).pgettext("dosage", MARKER) != MARKER


SUPPORTED_LANGUAGES = tuple(
    ["en"] + sorted(p.name for p in TRANSLATIONS_DIR.glob("*") if (p / "LC_MESSAGES").is_dir() and supports(p.name))
)


class _Phraser:
    """The phrases of one language; an unsupported one falls back to English."""

    def __init__(self, language: str):
        self.language = language if supports(language) else "en"
        self.t = translations(self.language)
        try:
            self.locale = Locale.parse(self.language)
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse("en")

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def range(self, value: IntRange) -> str:
        if value.high is None or value.high == value.low:
            return self.number(value.low)
        return f"{self.number(value.low)}-{self.number(value.high)}"

    def sets(self, value: IntRange) -> str:
        return self.t.npgettext("dosage", "%(num)s set", "%(num)s sets", value.top) % {"num": self.range(value)}

    def times(self, value: IntRange) -> str:
        return self.t.npgettext("dosage", "%(num)s time", "%(num)s times", value.top) % {"num": self.range(value)}

    def minutes(self, value: IntRange) -> str:
        return self.t.npgettext("dosage", "%(num)s minute", "%(num)s minutes", value.top) % {"num": self.range(value)}

    def seconds(self, value: IntRange) -> str:
        return self.t.npgettext("dosage", "%(num)s second", "%(num)s seconds", value.top) % {"num": self.range(value)}

    def seconds_of(self, value: float) -> str:
        """A tempo's seconds in words: "2 s" was one of the abbreviations a reader had to decode."""
        return self.t.npgettext("dosage", "%(num)s second", "%(num)s seconds", value) % {"num": self.number(value)}


def _hold_parts(dosage: Dosage, p: _Phraser, repeated: bool) -> str:
    assert dosage.hold_seconds is not None
    seconds = p.seconds(dosage.hold_seconds)
    if repeated:  # "2 sets of 10, hold each one 5 seconds"
        hold = p.t.pgettext("dosage", "hold each one %(seconds)s") % {"seconds": seconds}
    else:
        hold = p.t.pgettext("dosage", "hold %(seconds)s") % {"seconds": seconds}
    if dosage.hold_target_seconds:
        target = p.number(dosage.hold_target_seconds)
        hold += ", " + p.t.pgettext("dosage", "working up to %(seconds)s seconds") % {"seconds": target}
    return hold


def _amount_parts(dosage: Dosage, p: _Phraser) -> list[str]:
    parts: list[str] = []
    if dosage.duration_minutes is not None:
        parts.append(p.minutes(dosage.duration_minutes))
    counted = dosage.reps is not None or dosage.to_fatigue
    if dosage.hold_seconds is not None and not counted:
        hold = _hold_parts(dosage, p, repeated=False)
        if dosage.sets is not None:
            hold += ", " + p.times(dosage.sets)
        parts.append(hold)
    elif dosage.sets is not None or counted:
        reps = p.t.pgettext("dosage", "as many as you can with good form") if dosage.to_fatigue else (
            p.range(dosage.reps) if dosage.reps is not None else None
        )
        # "10 times through the alphabet": the unit says what is counted, in the plugin's own words.
        unit = dosage.rep_unit if dosage.rep_unit and dosage.reps is not None else None
        if unit:
            reps = p.t.pgettext("dosage", "%(reps)s %(unit)s") % {"reps": reps, "unit": unit}
        if dosage.sets is not None and reps:
            parts.append(p.t.pgettext("dosage", "%(sets)s of %(reps)s") % {"sets": p.sets(dosage.sets), "reps": reps})
        elif dosage.sets is not None:
            parts.append(p.sets(dosage.sets))
        elif unit:
            parts.append(reps)
        else:
            parts.append(p.t.pgettext("dosage", "%(reps)s times") % {"reps": reps})
        if dosage.hold_seconds is not None:
            parts.append(_hold_parts(dosage, p, repeated=True))
    if dosage.hold_target_seconds and dosage.hold_seconds is None:
        # An override may raise only the target; the words must still carry it.
        seconds = p.number(dosage.hold_target_seconds)
        parts.append(p.t.pgettext("dosage", "work up to a %(seconds)s-second hold") % {"seconds": seconds})
    return parts


def _side(side: str, p: _Phraser) -> str:
    words = {
        "each_side": p.t.pgettext("dosage", "each side"),
        "both": p.t.pgettext("dosage", "both legs together"),
        "left": p.t.pgettext("dosage", "left side only"),
        "right": p.t.pgettext("dosage", "right side only"),
        "alternating": p.t.pgettext("dosage", "switching sides each time"),
    }
    return words[side]


def band_colour(colour: str, p: _Phraser) -> str:
    """A band colour in the handout's language: the common resistance words have translations.

    Colours are free text in the data, so each known word is looked up in
    lower case and anything else prints as written.
    """
    if p.language == "en":
        return colour
    known = {
        "light": p.t.pgettext("band colour", "light"), "medium": p.t.pgettext("band colour", "medium"),
        "heavy": p.t.pgettext("band colour", "heavy"), "firm": p.t.pgettext("band colour", "firm"),
        "yellow": p.t.pgettext("band colour", "yellow"), "red": p.t.pgettext("band colour", "red"),
        "green": p.t.pgettext("band colour", "green"), "blue": p.t.pgettext("band colour", "blue"),
        "black": p.t.pgettext("band colour", "black"),
    }
    return known.get(colour.lower(), colour)


def _weight(amount: str, at: str | None, p: _Phraser) -> str:
    """A weight said where it is: in the hands, on an ankle or wrist, or worn on the body."""
    if at == "hands":
        return p.t.pgettext("dosage", "holding %(amount)s kg") % {"amount": amount}
    if at == "ankle":
        return p.t.pgettext("dosage", "with a %(amount)s kg weight on the ankle") % {"amount": amount}
    if at == "wrist":
        return p.t.pgettext("dosage", "with a %(amount)s kg weight on the wrist") % {"amount": amount}
    if at == "body":
        return p.t.pgettext("dosage", "wearing %(amount)s kg (a weighted vest or backpack)") % {"amount": amount}
    return p.t.pgettext("dosage", "with a %(amount)s kg weight") % {"amount": amount}


def _load_part(dosage: Dosage, p: _Phraser) -> str | None:
    load = dosage.load
    if load is None or load.kind == "body_weight":
        return None
    if load.kind == "object":
        return p.t.pgettext("dosage", "holding %(object)s") % {"object": load.object}
    if load.kind == "band":
        if not load.band_colour:
            return p.t.pgettext("dosage", "with a band")
        return p.t.pgettext("dosage", "with a %(colour)s band") % {"colour": band_colour(load.band_colour, p)}
    amount = p.number(load.amount or 0)
    if load.kind == "kg":
        return _weight(amount, load.at, p)
    return p.t.pgettext("dosage", "on a %(amount)s cm step") % {"amount": amount}


def _tempo_part(dosage: Dosage, p: _Phraser) -> str:
    """A hold on the dosage is each rep's hold (see ``timing``): the tempo must not name a second one."""
    t = dosage.tempo
    assert t is not None
    if dosage.hold_seconds is None and t.hold:
        return p.t.pgettext("dosage", "up in %(up)s, hold %(hold)s, down in %(down)s") % {
            "up": p.seconds_of(t.up), "hold": p.seconds_of(t.hold), "down": p.seconds_of(t.down)}
    return p.t.pgettext("dosage", "up in %(up)s, down in %(down)s") % {
        "up": p.seconds_of(t.up), "down": p.seconds_of(t.down)}


def _frequency_parts(dosage: Dosage, p: _Phraser) -> list[str]:
    parts: list[str] = []
    if dosage.times_per_day is not None:
        n = dosage.times_per_day
        if n == 1:
            parts.append(p.t.pgettext("dosage", "once a day"))
        elif n == 2:
            parts.append(p.t.pgettext("dosage", "twice a day"))
        else:
            parts.append(p.t.npgettext("dosage", "%(num)d time a day", "%(num)d times a day", n) % {"num": n})
    if dosage.days_per_week is not None:
        n = dosage.days_per_week
        parts.append(p.t.pgettext("dosage", "every day") if n == 7 else
                     p.t.npgettext("dosage", "%(num)d day a week", "%(num)d days a week", n) % {"num": n})
    return parts


def phrase_dosage(dosage: Dosage, language: str = "en", brief: bool = False) -> str:
    """Join the parts of a dosage into one short line a patient can follow.

    ``brief`` keeps only how much (amount, side, load): the at-a-glance table has a
    column of its own for how often, and must fit on one page.
    """
    p = _Phraser(language)
    parts = _amount_parts(dosage, p)
    if dosage.side is not None:
        parts.append(_side(dosage.side, p))
    if load := _load_part(dosage, p):
        parts.append(load)
    if brief:
        return ", ".join(parts)
    if dosage.tempo is not None:
        parts.append(_tempo_part(dosage, p))
    if dosage.rest_seconds:
        seconds = p.number(dosage.rest_seconds)
        parts.append(p.t.pgettext("dosage", "rest %(seconds)s seconds between sets") % {"seconds": seconds})
    parts += _frequency_parts(dosage, p)
    if dosage.pain_ceiling is not None:
        parts.append(p.t.pgettext("dosage", "keep pain at %(num)d out of 10 or less") % {"num": dosage.pain_ceiling})
    return ", ".join(parts)
