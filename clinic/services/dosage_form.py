"""Turn the builder's dosage fields into a validated override, with a message per field.

The Dosage model is the only judge of what is valid; this module validates one
field at a time so each message can be shown next to the box it was typed in,
and keeps only the fields that differ from the default so the exercise's own
dosage still shows through where the therapist changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from pydantic import ValidationError

from clinic.exercise_data import Dosage, IntRange
from clinic.exercise_data.timing import implausible
from clinic.i18n import N_

# name, label, unit, kind: "range" accepts 3 or 2-3, "int" a whole number.
NUMBER_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("sets", "Sets", "", "range"),
    ("reps", "Reps", "", "range"),
    ("hold_seconds", "Hold", "seconds", "range"),
    ("duration_minutes", "Time", "minutes", "range"),
    ("rest_seconds", "Rest", "seconds", "int"),
    ("times_per_day", "Times a day", "", "int"),
    ("days_per_week", "Days a week", "", "int"),
)
# Labels are English msgids: the template translates them (``_(text)``) in the page language.
SIDES = {"": N_("(default)"), "each_side": N_("Each side"), "both": N_("Both together"), "left": N_("Left only"),
         "right": N_("Right only"), "alternating": N_("Alternating")}
LOAD_KINDS = {"": N_("(default)"), "body_weight": N_("Body weight"), "band": N_("Band"), "kg": N_("Weight (kg)"),
              "step_height_cm": N_("Step (cm)")}
# A zero here would print "0 minutes" or "hold 0 seconds": nothing a patient can do.
LOAD_AT = {"": N_("(not said)"), "hands": N_("In the hands"), "ankle": N_("On the ankle"),
           "wrist": N_("On the wrist"), "body": N_("Worn (vest or backpack)")}
AT_LEAST_ONE = {"sets", "reps", "hold_seconds", "duration_minutes"}
TEMPO_HINT = N_("Tempo: write the seconds up-hold-down, such as 2-1-2 (or up-down, such as 2-2).")
# What a warning calls each field, after the number: "200 reps", "8 sets".
WARNING_WORDS = {"sets": N_("sets"), "reps": N_("reps"), "hold_seconds": N_("seconds of hold"),
                 "duration_minutes": N_("minutes"), "rest_seconds": N_("seconds of rest"),
                 "times_per_day": N_("times a day"), "session_minutes": N_("minutes for one session")}


@dataclass
class DosageForm:
    """What the builder shows: typed values, per-field errors, the override to save."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    override: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def _friendly(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {ctx.get('ge', ctx.get('gt'))} or more"
    if kind in ("less_than_equal", "less_than"):
        return f"must be {ctx.get('le', ctx.get('lt'))} or less"
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return "must be a number"
    return str(error["msg"]).removeprefix("Value error, ")


def _sentence(label: str, problem: str) -> str:
    """"Sets must be 10 or less." or the model's own sentence when it names the field."""
    text = f"{label} {problem}" if problem.startswith("must") else problem[:1].upper() + problem[1:]
    return text.rstrip(".") + "."


def _check(data: dict[str, Any]) -> str | None:
    try:
        Dosage.model_validate(data)
    except ValidationError as exc:
        return _friendly(exc.errors()[0])
    return None


def _number_value(name: str, kind: str, raw: str) -> tuple[Any, str | None]:
    if raw.startswith("-") or raw.startswith("−"):
        return None, "must be 1 or more" if name in AT_LEAST_ONE else "must be 0 or more"
    if kind == "int":
        try:
            return int(raw), None
        except ValueError:
            return None, "must be a whole number"
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
        return None, _sentence(gettext("Tempo"), problem)
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
    tempo = dosage.tempo
    values["tempo"] = f"{tempo.up}-{tempo.hold}-{tempo.down}" if tempo else ""
    return values


def read_dosage_form(form: Any, default: Dosage) -> DosageForm:
    """Validate each typed field; the override holds only the valid, changed ones."""
    keys = [n for n, *_ in NUMBER_FIELDS] + ["side", "load_kind", "load_amount", "band_colour", "load_at",
                                                 "tempo"]
    result = DosageForm(values={k: (form.get(k) or "").strip() for k in keys})
    wanted: dict[str, Any] = {}
    for name, label, _unit, kind in NUMBER_FIELDS:
        raw = result.values[name]
        if not raw:
            continue
        value, problem = _number_value(name, kind, raw)
        problem = problem or _check({name: value})
        if problem is None and name in AT_LEAST_ONE and IntRange.model_validate(value).low < 1:
            problem = "must be 1 or more"
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
        if result.values["load_at"] in LOAD_AT and result.values["load_at"] and load["kind"] == "kg":
            load["at"] = result.values["load_at"]  # where only a weight can be; other kinds ignore the box
        if problem := _check({"load": load}):
            result.errors["load_amount"] = _sentence("Load", problem)
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
