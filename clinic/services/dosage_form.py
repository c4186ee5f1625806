"""Turn the builder's dosage fields into a validated override, with a message per field.

The Dosage model is the only judge of what is valid; this module validates one
field at a time so each message can be shown next to the box it was typed in,
and keeps only the fields that differ from the default so the exercise's own
dosage still shows through where the therapist changed nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from pydantic import ValidationError

from clinic.exercise_data import Dosage, IntRange
from clinic.exercise_data.timing import implausible
from clinic.i18n import N_

# name, label, unit, kind: "range" accepts 3 or 2-3, "int" a whole number. Labels are msgids.
NUMBER_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("sets", N_("Sets"), "", "range"),
    ("reps", N_("Reps"), "", "range"),
    ("hold_seconds", N_("Hold"), "seconds", "range"),
    ("duration_minutes", N_("Time"), "minutes", "range"),
    ("rest_seconds", N_("Rest"), "seconds", "int"),
    ("times_per_day", N_("Times a day"), "", "int"),
    ("days_per_week", N_("Days a week"), "", "int"),
)
# Labels are English msgids: the template translates them (``_(text)``) in the page language.
SIDES = {"": N_("(default)"), "each_side": N_("Each side"), "both": N_("Both together"), "left": N_("Left only"),
         "right": N_("Right only"), "alternating": N_("Alternating")}
LOAD_KINDS = {"": N_("(default)"), "body_weight": N_("Body weight"), "band": N_("Band"), "kg": N_("Weight (kg)"),
              "step_height_cm": N_("Step (cm)"), "object": N_("An object held")}
LOAD_AT = {"": N_("(not said)"), "hands": N_("In the hands"), "ankle": N_("On the ankle"),
           "wrist": N_("On the wrist"), "body": N_("Worn (vest or backpack)")}
TEMPO_HINT = N_("Tempo: write the seconds up-hold-down, such as 2-1-2 (or up-down, such as 2-2).")
# What a warning calls each field, after the number: "200 reps", "8 sets".
WARNING_WORDS = {"sets": N_("sets"), "reps": N_("reps"), "hold_seconds": N_("seconds of hold"),
                 "duration_minutes": N_("minutes"), "rest_seconds": N_("seconds of rest"),
                 "times_per_day": N_("times a day"), "session_minutes": N_("minutes for one session")}
# A zero here would print "0 minutes" or "hold 0 seconds": nothing a patient can do.
AT_LEAST_ONE = {"sets", "reps", "hold_seconds", "duration_minutes"}
# What the Dosage model's own refusals call a field ("Hold seconds above 600 is not a home dose.").
MODEL_FIELD_NAMES = {"sets": N_("Sets"), "reps": N_("Reps"), "hold_seconds": N_("Hold seconds"),
                     "duration_minutes": N_("Duration minutes")}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: a msgid that may name the field as ``%(field)s``, and its values.

    Said as one whole sentence in the page language (never a label glued to a fragment).
    """

    msgid: str
    values: Mapping[str, Any] = field(default_factory=dict)


# The Dosage model's refusals, by their error type; the values come from the error's context.
MODEL_PROBLEMS = {
    "not_a_range": N_("'%(value)s' is not a number or a range like 2-3."),
    "range_backwards": N_("The range %(range)s runs backwards."),
    "load_needs_amount": N_("A load of kind '%(kind)s' needs an amount."),
    "not_a_home_dose": N_("%(name)s above %(limit)s is not a home dose."),
    "reps_and_fatigue": N_("Give reps or 'to fatigue', not both."),
    "hold_target_short": N_("The hold to work up to is shorter than the starting hold."),
    "load_place_for_weight": N_("Only a weight (kg) says where it is."),
    "load_object": N_("Say what the object is (a soup can), and choose the load 'An object held'."),
}
AT_LEAST = N_("%(field)s must be %(num)s or more.")
AT_MOST = N_("%(field)s must be %(num)s or less.")
NOT_A_NUMBER = N_("%(field)s must be a number.")
NOT_WHOLE = N_("%(field)s must be a whole number.")
UNREADABLE = N_("%(field)s: this value cannot be used. Check it and try again.")


@dataclass
class DosageForm:
    """What the builder shows: typed values, per-field errors, the override to save."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    override: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def _friendly(error: Mapping[str, Any]) -> Problem:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return Problem(AT_LEAST, {"num": ctx.get("ge", ctx.get("gt"))})
    if kind in ("less_than_equal", "less_than"):
        return Problem(AT_MOST, {"num": ctx.get("le", ctx.get("lt"))})
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return Problem(NOT_A_NUMBER)
    if kind == "not_a_home_dose":
        name = ctx.get("name", "")
        return Problem(MODEL_PROBLEMS[kind], {"name": gettext(MODEL_FIELD_NAMES.get(name, name)),
                                              "limit": ctx.get("limit")})
    if kind in MODEL_PROBLEMS:
        return Problem(MODEL_PROBLEMS[kind], dict(ctx))
    return Problem(UNREADABLE)


def _sentence(label: str, problem: Problem) -> str:
    """"Sets must be 10 or less." or the model's own sentence, in the page language."""
    return gettext(problem.msgid, field=gettext(label) if label else "", **problem.values)


def _check(data: dict[str, Any]) -> Problem | None:
    try:
        Dosage.model_validate(data)
    except ValidationError as exc:
        return _friendly(exc.errors()[0])
    return None


def _number_value(name: str, kind: str, raw: str) -> tuple[Any, Problem | None]:
    if raw.startswith("-") or raw.startswith("−"):
        return None, Problem(AT_LEAST, {"num": 1 if name in AT_LEAST_ONE else 0})
    if kind == "int":
        try:
            return int(raw), None
        except ValueError:
            return None, Problem(NOT_WHOLE)
    return raw, None


def dose_warnings(dosage: Dosage) -> list[str]:
    """Doses that are valid but beyond what a home programme plausibly asks: said, never silent."""
    return [gettext("%(value)s %(what)s is more than a home programme usually asks (up to %(top)s). "
                    "Check it is what you meant.", value=value, what=gettext(WARNING_WORDS[name]), top=top)
            for name, value, top in implausible(dosage)]


def _tempo(raw: str) -> tuple[dict[str, int] | None, str | None]:
    """Read "2-1-2" (up, hold, down) or "2-2" (up, down)."""
    try:
        numbers = [int(part.strip()) for part in raw.replace("–", "-").split("-")]
    except ValueError:
        return None, gettext(TEMPO_HINT)
    if len(numbers) == 2:
        numbers = [numbers[0], 0, numbers[1]]
    if len(numbers) != 3:
        return None, gettext(TEMPO_HINT)
    tempo = dict(zip(("up", "hold", "down"), numbers, strict=True))
    if problem := _check({"tempo": tempo}):
        return None, _sentence(N_("Tempo"), problem)
    return tempo, None


def values_from(dosage: Dosage) -> dict[str, str]:
    """The effective dosage as the strings the form shows."""
    values = {name: str(getattr(dosage, name)) if getattr(dosage, name) is not None else ""
              for name, *_ in NUMBER_FIELDS}
    values["side"] = dosage.side or ""
    load = dosage.load
    values["load_kind"] = load.kind if load else ""
    values["load_amount"] = f"{load.amount:g}" if load and load.amount is not None else ""
    values["band_colour"] = (load.band_colour or "") if load else ""
    values["load_at"] = (load.at or "") if load else ""
    values["load_object"] = (load.object or "") if load else ""
    tempo = dosage.tempo
    values["tempo"] = f"{tempo.up}-{tempo.hold}-{tempo.down}" if tempo else ""
    return values


def read_dosage_form(form: Any, default: Dosage) -> DosageForm:
    """Validate each typed field; the override holds only the valid, changed ones."""
    keys = [n for n, *_ in NUMBER_FIELDS] + ["side", "load_kind", "load_amount", "band_colour", "load_at",
                                                 "load_object", "tempo"]
    result = DosageForm(values={k: (form.get(k) or "").strip() for k in keys})
    wanted: dict[str, Any] = {}
    for name, label, _unit, kind in NUMBER_FIELDS:
        raw = result.values[name]
        if not raw:
            continue
        value, problem = _number_value(name, kind, raw)
        problem = problem or _check({name: value})
        if problem is None and name in AT_LEAST_ONE and IntRange.model_validate(value).low < 1:
            problem = Problem(AT_LEAST, {"num": 1})
        if problem:
            result.errors[name] = _sentence(label, problem)
        else:
            wanted[name] = value
    if result.values["side"] in SIDES:  # a select, but a crafted request can send anything
        if result.values["side"]:
            wanted["side"] = result.values["side"]
    else:
        result.errors["__all__"] = gettext("Choose the side from the list.")
    if result.values["load_kind"]:
        load: dict[str, Any] = {"kind": result.values["load_kind"]}
        if result.values["load_amount"]:
            load["amount"] = result.values["load_amount"]
        if result.values["band_colour"]:
            load["band_colour"] = result.values["band_colour"]
        if result.values["load_object"] and load["kind"] == "object":  # other kinds ignore the box
            load["object"] = result.values["load_object"]
        if result.values["load_at"] in LOAD_AT and result.values["load_at"] and load["kind"] == "kg":
            load["at"] = result.values["load_at"]  # where only a weight can be; other kinds ignore the box
        if problem := _check({"load": load}):
            result.errors["load_amount"] = _sentence(N_("Load"), problem)
        else:
            wanted["load"] = load
    if result.values["tempo"]:
        tempo, problem = _tempo(result.values["tempo"])
        if problem:
            result.errors["tempo"] = problem
        else:
            wanted["tempo"] = tempo
    if result.errors:
        return result
    typed = Dosage.model_validate(wanted).model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    base = default.model_dump(mode="json", exclude_none=True)
    result.override = {k: v for k, v in typed.items() if base.get(k) != v}
    try:
        default.merged(Dosage.model_validate(result.override))
    except ValidationError as exc:
        result.errors["__all__"] = _sentence("", _friendly(exc.errors()[0])).strip()
    return result
