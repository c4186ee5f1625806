"""The programme-wide settings form: goal, pain rule, referrals, schedule, progression rules.

Lists are edited as plain lines of text because a therapist types faster than
they click "add row"; each line is still validated by the protocol data types
so a programme can never hold something a protocol file could not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError

from clinic.catalogue import Catalogue
from clinic.exercise_data import PainRule, Referral, Rule, ScheduleEntry
from clinic.i18n import N_
from clinic.models import Programme
from clinic.services import untrusted_json
from clinic.services.pain_rule import disagreement, is_protocol_wording, restated
from clinic.services.text_limits import too_long

TIERS = {"urgent": _l("Get help now"), "doctor": _l("See your doctor"), "therapist": _l("Call your therapist")}
SCHEDULE_LINE = re.compile(r"^(?P<when>.+?)(?:\s*\((?P<minutes>\d+(?:-\d+)?) min\))?\s*:\s*(?P<what>.+)$")
THUMB = N_("rule of thumb")
"""Ends a progression rule that is advice rather than evidence: "(rule of thumb)", or its page-language word."""
REFERRAL_ROWS_SPARE = 1


@dataclass
class SettingsForm:
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    pain_note: str = ""
    """What the handout says when it restates the protocol's wording for another ceiling."""


def schedule_text(schedule: list[dict[str, Any]]) -> str:
    lines = []
    for entry in schedule:
        minutes = entry.get("minutes")
        span = ""
        if minutes:
            low, high = minutes.get("low"), minutes.get("high")
            span = f" ({low}-{high} min)" if high and high != low else f" ({low} min)"
        lines.append(f"{entry['when']}{span}: {'; '.join(entry['what'])}")
    return "\n".join(lines)


def _thumb_marks() -> tuple[str, ...]:
    """The page language's mark first (the one written), then English (always read)."""
    return tuple(dict.fromkeys((f" ({gettext(THUMB)})", f" ({THUMB})")))


def rules_text(rules: list[dict[str, Any]]) -> str:
    mark = _thumb_marks()[0]
    return "\n".join(r["text"] + (mark if r.get("rule_of_thumb") else "") for r in rules)


def _rule(line: str) -> dict[str, Any]:
    for mark in _thumb_marks():
        if line.endswith(mark):
            return {"text": line.removesuffix(mark), "rule_of_thumb": True}
    return {"text": line, "rule_of_thumb": False}


def values_from(programme: Programme) -> dict[str, Any]:
    pain = programme.pain_rule or {}
    referrals = [dict(r) for r in programme.referrals or []]
    return {
        "title": programme.title,
        "goal": programme.goal,
        "pain_ceiling": str(pain.get("ceiling", "")),
        "pain_wording": pain.get("wording", ""),
        "referrals": referrals + [{"tier": "therapist", "text": ""}] * REFERRAL_ROWS_SPARE,
        "schedule": schedule_text(programme.schedule or []),
        "progression_rules": rules_text(programme.progression_rules or []),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _first_error(exc: ValidationError, line: int | None = None) -> str:
    """Which line could not be used; the model's own words stay out (they are English and technical)."""
    err = exc.errors()[0]
    if line is None:
        line = next((p + 1 for p in err["loc"] if isinstance(p, int)), 1)
    return gettext("Line %(number)d could not be used: check its wording and length.", number=line)


def _failing(model: Any, rows: list[dict[str, Any]]) -> int:
    """The 1-based line of the first row the model refuses."""
    for number, row in enumerate(rows, start=1):
        try:
            model.model_validate(row)
        except ValidationError:
            return number
    return 1


def _schedule(text: str) -> list[dict[str, Any]]:
    entries = []
    for number, line in enumerate(_lines(text), start=1):
        match = SCHEDULE_LINE.match(line)
        if not match:
            raise ValueError(gettext("Line %(number)d: write it as 'When: what; what', e.g. 'Every day: stretches'.",
                                     number=number))
        data: dict[str, Any] = {"when": match["when"], "what": [w.strip() for w in match["what"].split(";")
                                                             if w.strip()]}
        if match["minutes"]:
            data["minutes"] = match["minutes"]
        try:
            entries.append(ScheduleEntry.model_validate(data).model_dump(mode="json", exclude_none=True))
        except ValidationError as exc:
            raise ValueError(_first_error(exc, number)) from None
    return entries


def pain_check(rule: dict[str, Any] | None, programme: Programme, catalogue: Catalogue | None) -> tuple[str, str]:
    """(error, note) for a pain rule: typed wording must state the ceiling; protocol wording follows it."""
    if not rule or rule.get("ceiling") is None:
        return "", ""
    ceiling, wording = int(rule["ceiling"]), rule.get("wording") or ""
    if catalogue is not None and is_protocol_wording(rule, programme.protocol_id, catalogue):
        printed = restated(wording, ceiling)
        return "", gettext("The handout says: %(wording)s", wording=printed) if printed != wording else ""
    if wrong := disagreement(wording, ceiling):
        return gettext("The wording says %(stated)s out of 10, but “Pain may reach” is %(ceiling)s. "
                       "Change one so they agree.", stated=", ".join(map(str, wrong)), ceiling=ceiling), ""
    return "", ""


def form_for(programme: Programme, catalogue: Catalogue | None) -> SettingsForm:
    """The form as saved, with a saved disagreement (from before it was refused) shown at once."""
    form = SettingsForm(values=values_from(programme))
    problem, form.pain_note = pain_check(programme.pain_rule, programme, catalogue)
    if problem:
        form.errors["pain_rule"] = problem
    return form


def read_settings_form(form: Any, programme: Programme, catalogue: Catalogue | None = None) -> SettingsForm:
    """Validate every part; ``changes`` holds the new column values when all are valid."""
    tiers, texts = form.getlist("referral_tier"), form.getlist("referral_text")
    result = SettingsForm(values={
        "title": form.get("title", "").strip(), "goal": form.get("goal", "").strip(),
        "pain_ceiling": form.get("pain_ceiling", "").strip(), "pain_wording": form.get("pain_wording", "").strip(),
        # One line each on the handout: a line break typed in the growing box is a space.
        "referrals": [{"tier": t, "text": " ".join(x.split())} for t, x in zip(tiers, texts, strict=False)],
        "schedule": form.get("schedule", ""), "progression_rules": form.get("progression_rules", ""),
    })
    values, changes = result.values, result.changes
    if not values["title"]:
        result.errors["title"] = gettext("Give the programme a title.")
    elif problem := too_long("title", len(values["title"])):  # refused with the limit, never cut unseen
        result.errors["title"] = problem
    changes.update(title=values["title"], goal=values["goal"])
    if programme.pain_rule is not None or values["pain_wording"]:
        try:
            rule = {**(programme.pain_rule or {}), "ceiling": values["pain_ceiling"],
                    "wording": values["pain_wording"]}
            changes["pain_rule"] = PainRule.model_validate(rule).model_dump(mode="json")
            problem, result.pain_note = pain_check(changes["pain_rule"], programme, catalogue)
            if problem:
                result.errors["pain_rule"] = problem
        except ValidationError as exc:
            field_name = exc.errors()[0]["loc"][0]
            result.errors["pain_rule"] = (gettext("The pain ceiling must be a whole number from 0 to 10.")
                                          if field_name == "ceiling" else gettext("Write the pain rule in words."))
    kept = [r for r in values["referrals"] if r["text"]]
    try:
        changes["referrals"] = [Referral.model_validate(r).model_dump(mode="json") for r in kept]
    except ValidationError as exc:
        result.errors["referrals"] = _first_error(exc, _failing(Referral, kept))
    if programme.referrals and not kept:
        result.errors["referrals"] = gettext("Keep at least one 'when to get help' line: patients need to know.")
    values["referrals"] = kept + [{"tier": "therapist", "text": ""}] * REFERRAL_ROWS_SPARE
    try:
        changes["schedule"] = _schedule(values["schedule"])
    except (ValueError, ValidationError) as exc:
        result.errors["schedule"] = str(exc)
    rules = [_rule(line) for line in _lines(values["progression_rules"])]
    try:
        changes["progression_rules"] = [Rule.model_validate(r).model_dump(mode="json") for r in rules]
    except ValidationError as exc:
        result.errors["progression_rules"] = _first_error(exc, _failing(Rule, rules))
    return result


def emptied_referrals(form: Any, saved: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The saved "when to get help" lines whose box the therapist emptied, with where each stood.

    The form's rows are the saved lines in order (then the spare one), so an empty box at a
    saved line's place is that line removed: it is offered back, as a removed exercise is.
    """
    texts = form.getlist("referral_text")
    return [{**saved[number], "position": number} for number, text in enumerate(texts)
            if number < len(saved) and not text.strip()]


def put_back_referral(programme: Programme, raw: str) -> dict[str, Any]:
    """Insert an emptied line again where it stood; ``raw`` is the page's JSON, checked as a protocol's."""
    data = untrusted_json.loads(raw)
    position = data.pop("position")
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise ValueError("position")
    line = Referral.model_validate(data).model_dump(mode="json")
    lines = [dict(r) for r in programme.referrals or []]
    lines.insert(min(position, len(lines)), line)
    programme.referrals = lines
    return line
