"""Plain-language wording of a dosage, in each language the handout supports.

Dosage is data, so it is phrased here from tables rather than translated as free
text: numbers and plurals go through Babel, and a new language adds one table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel import Locale
from babel.numbers import format_decimal

if TYPE_CHECKING:
    from clinic.exercise_data.dosage import Dosage, IntRange

# Each entry: a word with its plural forms ("one", "other"), or a phrase template.
PHRASES: dict[str, dict[str, object]] = {
    "en": {
        "set": {"one": "set", "other": "sets"},
        "time": {"one": "time", "other": "times"},
        "minute": {"one": "minute", "other": "minutes"},
        "second": {"one": "second", "other": "seconds"},
        "sets_of": "{sets} of {reps}",
        "reps_alone": "{reps} times",
        "to_fatigue": "as many as you can with good form",
        "hold": "hold {seconds}",
        "work_up": "working up to {seconds} seconds",
        "work_up_alone": "work up to a {seconds}-second hold",
        "hold_each": "hold each one {seconds}",
        "each_side": "each side",
        "both": "both legs together",
        "left": "left side only",
        "right": "right side only",
        "alternating": "switching sides each time",
        "band": "with a {colour}band",
        "kg": "holding {amount} kg",
        "step": "on a {amount} cm step",
        "tempo": "up in {up} s, hold {hold} s, down in {down} s",
        "tempo_no_hold": "up in {up} s, down in {down} s",
        "rest": "rest {seconds} seconds between sets",
        "once_a_day": "once a day",
        "twice_a_day": "twice a day",
        "n_a_day": "{n} times a day",
        "every_day": "every day",
        "days_a_week": "{n} days a week",
        "pain": "keep pain at {n} out of 10 or less",
    },
    "es": {
        "set": {"one": "serie", "other": "series"},
        "time": {"one": "vez", "other": "veces"},
        "minute": {"one": "minuto", "other": "minutos"},
        "second": {"one": "segundo", "other": "segundos"},
        "sets_of": "{sets} de {reps}",
        "reps_alone": "{reps} veces",
        "to_fatigue": "todas las que pueda hacer bien",
        "hold": "mantenga {seconds}",
        "work_up": "hasta llegar a {seconds} segundos",
        "work_up_alone": "hasta llegar a mantener {seconds} segundos",
        "hold_each": "mantenga cada una {seconds}",
        "each_side": "cada lado",
        "both": "las dos piernas a la vez",
        "left": "solo el lado izquierdo",
        "right": "solo el lado derecho",
        "alternating": "cambiando de lado cada vez",
        "band": "con una banda {colour}",
        # Band colours are free text in the data; the common resistance words get Spanish ones.
        "band_colours": {"light": "suave", "medium": "media", "heavy": "fuerte", "firm": "firme",
                         "yellow": "amarilla", "red": "roja", "green": "verde", "blue": "azul",
                         "black": "negra"},
        "kg": "con {amount} kg en las manos",
        "step": "en un escalón de {amount} cm",
        "tempo": "suba en {up} s, mantenga {hold} s, baje en {down} s",
        "tempo_no_hold": "suba en {up} s, baje en {down} s",
        "rest": "descanse {seconds} segundos entre series",
        "once_a_day": "una vez al día",
        "twice_a_day": "dos veces al día",
        "n_a_day": "{n} veces al día",
        "every_day": "todos los días",
        "days_a_week": "{n} días a la semana",
        "pain": "mantenga el dolor en {n} de 10 o menos",
    },
}

SUPPORTED_LANGUAGES = tuple(PHRASES)


class _Phraser:
    """Look up phrases for one language, falling back to English for an unknown one."""

    def __init__(self, language: str):
        self.language = language if language in PHRASES else "en"
        self.table = PHRASES[self.language]
        self.locale = Locale.parse(self.language)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def range(self, value: IntRange) -> str:
        if value.high is None or value.high == value.low:
            return self.number(value.low)
        return f"{self.number(value.low)}-{self.number(value.high)}"

    def count(self, value: IntRange, word: str) -> str:
        forms = self.table[word]
        assert isinstance(forms, dict)
        form = forms.get(self.locale.plural_form(value.top), forms["other"])
        return f"{self.range(value)} {form}"

    def say(self, key: str, **values: object) -> str:
        template = self.table[key]
        assert isinstance(template, str)
        return template.format(**values)


def _amount_parts(dosage: Dosage, p: _Phraser) -> list[str]:
    parts: list[str] = []
    if dosage.duration_minutes is not None:
        parts.append(p.count(dosage.duration_minutes, "minute"))
    counted = dosage.reps is not None or dosage.to_fatigue
    if dosage.hold_seconds is not None and not counted:
        hold = p.say("hold", seconds=p.count(dosage.hold_seconds, "second"))
        if dosage.hold_target_seconds:
            hold += ", " + p.say("work_up", seconds=p.number(dosage.hold_target_seconds))
        if dosage.sets is not None:
            hold += ", " + p.count(dosage.sets, "time")
        parts.append(hold)
    elif dosage.sets is not None or counted:
        reps = p.say("to_fatigue") if dosage.to_fatigue else (
            p.range(dosage.reps) if dosage.reps is not None else None
        )
        if dosage.sets is not None and reps:
            parts.append(p.say("sets_of", sets=p.count(dosage.sets, "set"), reps=reps))
        elif dosage.sets is not None:
            parts.append(p.count(dosage.sets, "set"))
        else:
            parts.append(p.say("reps_alone", reps=reps))
        if dosage.hold_seconds is not None:  # repeated holds: "2 sets of 10, hold each one 5 seconds"
            hold = p.say("hold_each", seconds=p.count(dosage.hold_seconds, "second"))
            if dosage.hold_target_seconds:
                hold += ", " + p.say("work_up", seconds=p.number(dosage.hold_target_seconds))
            parts.append(hold)
    if dosage.hold_target_seconds and dosage.hold_seconds is None:
        # An override may raise only the target; the words must still carry it.
        parts.append(p.say("work_up_alone", seconds=p.number(dosage.hold_target_seconds)))
    return parts


def _load_part(dosage: Dosage, p: _Phraser) -> str | None:
    load = dosage.load
    if load is None or load.kind == "body_weight":
        return None
    if load.kind == "band":
        colours = p.table.get("band_colours", {})
        assert isinstance(colours, dict)
        colour = f"{load.band_colour} " if load.band_colour and p.language == "en" else (
            colours.get((load.band_colour or "").lower(), load.band_colour or "")
        )
        return p.say("band", colour=colour).rstrip()
    key = "kg" if load.kind == "kg" else "step"
    return p.say(key, amount=p.number(load.amount or 0))


def _frequency_parts(dosage: Dosage, p: _Phraser) -> list[str]:
    parts: list[str] = []
    if dosage.times_per_day is not None:
        n = dosage.times_per_day
        parts.append(p.say({1: "once_a_day", 2: "twice_a_day"}.get(n, "n_a_day"), n=n))
    if dosage.days_per_week is not None:
        n = dosage.days_per_week
        parts.append(p.say("every_day") if n == 7 else p.say("days_a_week", n=n))
    return parts


def phrase_dosage(dosage: Dosage, language: str = "en", brief: bool = False) -> str:
    """Join the parts of a dosage into one short line a patient can follow.

    ``brief`` keeps only how much (amount, side, load): the at-a-glance table has a
    column of its own for how often, and must fit on one page.
    """
    p = _Phraser(language)
    parts = _amount_parts(dosage, p)
    if dosage.side is not None:
        parts.append(p.say(dosage.side))
    if load := _load_part(dosage, p):
        parts.append(load)
    if brief:
        return ", ".join(parts)
    if dosage.tempo is not None:
        t = dosage.tempo
        # A hold on the dosage is each rep's hold (see timing): the tempo must not name a second one.
        own_hold = dosage.hold_seconds is None and t.hold
        parts.append(p.say("tempo", up=t.up, hold=t.hold, down=t.down) if own_hold
                     else p.say("tempo_no_hold", up=t.up, down=t.down))
    if dosage.rest_seconds:
        parts.append(p.say("rest", seconds=p.number(dosage.rest_seconds)))
    parts += _frequency_parts(dosage, p)
    if dosage.pain_ceiling is not None:
        parts.append(p.say("pain", n=dosage.pain_ceiling))
    return ", ".join(parts)
