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

from clinic.exercise_data import Dosage
from clinic.exercise_data.snapshot import Changes, HandoutSnapshot
from clinic.handout.log_sheet import log_tables
from clinic.handout.options import HandoutOptions
from clinic.handout.routine import routine_lines
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
    {"tier": "urgent", "text": _l("Sudden severe pain, or a fall that hurts you.")},
    {"tier": "doctor", "text": _l("Swelling, redness or heat that does not go away, or numbness or tingling.")},
    {"tier": "therapist",
     "text": _l("Pain is worse the next morning two days in a row, or you are not sure what to do.")},
]
# Printed in every "Get help now", whatever the protocol says: exercise can bring these on,
# and a card's "Stay safe" line ("stop and rest") must not be the only place they appear.
ALWAYS_URGENT = _l("Chest pain, trouble breathing, or feeling dizzy or faint that does not stop when you rest.")
TIERS = (
    ("urgent", _l("Get help now"), ""),
    ("doctor", _l("See a doctor soon"), _l("Call your doctor within a day or two")),
    ("therapist", _l("Tell your therapist"), _l("Call us at the clinic")),
)
TIMES_PER_DAY = {1: _l("Once a day"), 2: _l("Twice a day")}
LOG_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def how_often(dosage: Dosage, fallback: str) -> str:
    """How often to do one exercise, for the at-a-glance table."""
    parts = []
    per_day = dosage.times_per_day
    if per_day:
        parts.append(str(TIMES_PER_DAY.get(per_day) or gettext("%(n)s times a day", n=per_day)))
    per_week = dosage.days_per_week
    if per_week:
        parts.append(gettext("every day") if per_week == 7 else gettext("%(n)s days a week", n=per_week))
    if not parts:
        return fallback
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _numbered_exercises(snapshot: HandoutSnapshot) -> list[dict[str, Any]]:
    """Exercises in routine order (section by section), numbered from 1, as the cards print them."""
    order = [i for section in snapshot.sections for i in section.exercises]
    order += [i for i in range(len(snapshot.exercises)) if i not in order]
    # Never invent a frequency the therapist did not choose.
    fallback = gettext("See your routine")
    numbered = []
    for number, index in enumerate(order, start=1):
        exercise = snapshot.exercises[index]
        numbered.append({**exercise.model_dump(mode="json"), "number": number,
                         "how_often": how_often(exercise.dosage, fallback)})
    return numbered


def _sections(snapshot: HandoutSnapshot, numbered: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_index = {}
    order = [i for section in snapshot.sections for i in section.exercises]
    for position, index in enumerate(order):
        by_index[index] = numbered[position]
    sections = []
    for section in snapshot.sections:
        cards = [by_index[i] for i in section.exercises]
        sections.append({**section.model_dump(mode="json"), "cards": cards, "how_often": _shared_how_often(cards)})
    return sections


def _shared_how_often(cards: list[dict[str, Any]]) -> str:
    """The frequency every card of a part shares, or "" when they differ.

    When every part has one, the summary table says it once on the part's row and drops its
    "How often" column: the rows then fit on one line each, so the table no longer pushes the
    first card off page 2.
    """
    often = {card["how_often"] for card in cards}
    dosage = cards[0]["dosage"] if cards else {}
    chosen = dosage.get("days_per_week") or dosage.get("times_per_day")  # never the fallback words
    return often.pop() if len(often) == 1 and chosen else ""


def urgent_action(number: str) -> str:
    """What to do in the urgent tier: the number to dial, or where to find one."""
    if number:
        return gettext("Call %(number)s now, or go to the emergency room", number=number)
    return gettext("Call your local emergency number now, or go to the emergency room")


def _referral_tiers(snapshot: HandoutSnapshot) -> list[dict[str, Any]]:
    referrals = [r.model_dump() for r in snapshot.referrals] or DEFAULT_REFERRALS
    number = snapshot.clinic.emergency_number
    tiers = []
    for key, title, action in TIERS:
        texts = [str(r["text"]) for r in referrals if r.get("tier") == key]
        if key == "urgent":
            texts.append(str(ALWAYS_URGENT))
            action = urgent_action(number)
        if texts:
            tiers.append({"key": key, "title": title, "action": action, "criteria": texts, "number": number})
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


def _changes(changes: Changes | None) -> dict[str, Any] | None:
    if not changes:
        return None
    previous = changes.previous_date
    return {**changes.model_dump(), "previous_date": date_words(previous) if previous else ""}


def handout_context(snapshot: HandoutSnapshot, options: HandoutOptions) -> dict[str, Any]:
    """Everything the templates need, computed once."""
    numbered = _numbered_exercises(snapshot)
    sections = _sections(snapshot, numbered)
    tables = log_tables(numbered, options.large_print)
    extra = snapshot.handout_sections
    return {
        "s": snapshot,
        "options": options,
        "date_words": date_words(snapshot.date),
        "exercises": numbered,
        "sections": sections,
        "routine": routine_lines(sections),
        "pain_rule": snapshot.pain_rule or DEFAULT_PAIN_RULE,
        "referral_tiers": _referral_tiers(snapshot),
        "credits": _credits(numbered),
        "log_tables": tables,
        "log_has_rest": any(column.rest_days for table in tables for column in table.columns),
        "log_days": log_days(),
        "direction": text_direction(snapshot.language),
        "extra": {pos: [x for x in extra if x.position == pos]
                  for pos in ("after_glance", "after_exercises", "before_help", "end")},
        "changes": _changes(snapshot.changes),
        "rule_of_thumb_count": sum(1 for r in snapshot.progression_rules if r.rule_of_thumb),
    }
