"""Turn a snapshot into what the handout templates print, in print order.

The templates stay free of logic: numbering, the routine order, grouping of
referrals by urgency, picture credits and the log sheet's columns are worked
out here, from the snapshot alone (a reprint has nothing else).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date, get_day_names
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from clinic.handout.log_sheet import log_tables
from clinic.handout.options import HandoutOptions
from clinic.i18n import text_direction

# The words here are English msgids: handout_context runs inside force_locale(handout
# language), so gettext gives them in the patient's language.

# Used only when a programme was built without a protocol, so no handout ever
# goes out without a pain rule or a way to get help.
DEFAULT_PAIN_RULE = {
    "ceiling": 3,
    "wording": _l(
        "Some discomfort is OK. Keep pain at 3 out of 10 or less while you exercise. "
        "Pain should settle by the next morning. Stop if you feel sharp pain."
    ),
}
DEFAULT_REFERRALS = [
    {"tier": "urgent", "text": _l("Sudden severe pain, a fall with injury, chest pain or trouble breathing.")},
    {"tier": "doctor", "text": _l("Swelling, redness or heat that does not go away, or numbness or tingling.")},
    {"tier": "therapist",
     "text": _l("Pain is worse the next morning two days in a row, or you are not sure what to do.")},
]
TIERS = (
    ("urgent", _l("Get help now"), _l("Call emergency services or go to the emergency room")),
    ("doctor", _l("See a doctor soon"), _l("Call your doctor within a day or two")),
    ("therapist", _l("Tell your therapist"), _l("Call us at the clinic")),
)
TIMES_PER_DAY = {1: _l("Once a day"), 2: _l("Twice a day")}
LOG_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def how_often(dosage: dict[str, Any], fallback: str) -> str:
    """How often to do one exercise, for the at-a-glance table."""
    parts = []
    per_day = dosage.get("times_per_day")
    if per_day:
        parts.append(str(TIMES_PER_DAY.get(per_day) or gettext("%(n)s times a day", n=per_day)))
    per_week = dosage.get("days_per_week")
    if per_week:
        parts.append(gettext("every day") if per_week == 7 else gettext("%(n)s days a week", n=per_week))
    if not parts:
        return fallback
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _numbered_exercises(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Exercises in routine order (section by section), numbered from 1."""
    order = [i for section in snapshot["sections"] for i in section["exercises"]]
    order += [i for i in range(len(snapshot["exercises"])) if i not in order]
    # Never invent a frequency the therapist did not choose.
    fallback = gettext("See your routine")
    numbered = []
    for number, index in enumerate(order, start=1):
        exercise = dict(snapshot["exercises"][index])
        exercise["number"] = number
        exercise["how_often"] = how_often(exercise.get("dosage", {}), fallback)
        numbered.append(exercise)
    return numbered


def _sections(snapshot: dict[str, Any], numbered: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_index = {}
    order = [i for section in snapshot["sections"] for i in section["exercises"]]
    for position, index in enumerate(order):
        by_index[index] = numbered[position]
    return [
        {**section, "cards": [by_index[i] for i in section["exercises"]]}
        for section in snapshot["sections"]
    ]


def _referral_tiers(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    referrals = snapshot.get("referrals") or DEFAULT_REFERRALS
    tiers = []
    for key, title, action in TIERS:
        texts = [r["text"] for r in referrals if r.get("tier") == key]
        if texts:
            tiers.append({"key": key, "title": title, "action": action, "criteria": texts})
    return tiers


def _credits(exercises: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per author and licence, naming the pictures they drew."""
    credits: dict[tuple[str, str], list[str]] = {}
    for exercise in exercises:
        picture = exercise.get("picture") or {}
        if picture.get("author"):
            key = (picture["author"], picture.get("licence", ""))
            credits.setdefault(key, []).append(exercise["name"])
    return [{"author": a, "licence": lic, "pictures": names} for (a, lic), names in credits.items()]


def _schedule(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for entry in snapshot.get("schedule") or []:
        minutes = entry.get("minutes") or {}
        low, high = minutes.get("low"), minutes.get("high")
        span = "" if low is None else (gettext("%(low)s minutes", low=low) if high in (None, low)
                                        else gettext("%(low)s-%(high)s minutes", low=low, high=high))
        rows.append({"when": entry["when"], "minutes": span, "what": entry.get("what", [])})
    return rows


def date_words(iso_date: str) -> str:
    """25 November 2026: no day/month order to misread (other languages: Babel's long date)."""
    value = date.fromisoformat(iso_date)
    locale = get_locale()
    if locale is not None and locale.language != "en":
        return format_date(value, format="long", locale=locale)
    return f"{value.day} {value:%B %Y}"


def log_days() -> tuple[str, ...]:
    """Monday to Sunday, abbreviated in the handout language."""
    locale = get_locale()
    if locale is None or locale.language == "en":
        return LOG_DAYS
    names = get_day_names("abbreviated", locale=locale)
    return tuple(names[day][:1].upper() + names[day][1:] for day in range(7))


def _changes(changes: dict[str, Any] | None) -> dict[str, Any] | None:
    if not changes:
        return None
    previous = changes.get("previous_date")
    return {**changes, "previous_date": date_words(previous) if previous else ""}


def handout_context(snapshot: dict[str, Any], options: HandoutOptions) -> dict[str, Any]:
    """Everything the templates need, computed once."""
    numbered = _numbered_exercises(snapshot)
    tables = log_tables(numbered, options.large_print)
    extra = snapshot.get("handout_sections", [])
    return {
        "s": snapshot,
        "options": options,
        "date_words": date_words(snapshot["date"]),
        "schedule": _schedule(snapshot),
        "exercises": numbered,
        "sections": _sections(snapshot, numbered),
        "pain_rule": snapshot.get("pain_rule") or DEFAULT_PAIN_RULE,
        "referral_tiers": _referral_tiers(snapshot),
        "credits": _credits(numbered),
        "log_tables": tables,
        "log_has_rest": any(column.rest_days for table in tables for column in table.columns),
        "log_days": log_days(),
        "direction": text_direction(snapshot.get("language", "en")),
        "extra": {pos: [x for x in extra if x.get("position") == pos]
                  for pos in ("after_glance", "after_exercises", "before_help", "end")},
        "changes": _changes(snapshot.get("changes")),
        "rule_of_thumb_count": sum(1 for r in snapshot.get("progression_rules", []) if r.get("rule_of_thumb")),
    }
