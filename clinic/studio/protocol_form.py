"""The studio's protocol form: every field of the protocol format, one box each, with the docs' help beside it.

Lists of tables (sections and their exercises, the schedule, rules, flare-up
rows, referrals, references) are groups of rows; a row's boxes are named by
where the value lives in the file, ``sections-0-items-1-exercise`` for
``sections[0].items[1].exercise``, so a refusal or a finding of the check lands
beside its box. A box that still shows what the file says keeps the file's
value as written, so saving what is shown writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinic.i18n import N_
from clinic.studio import row_groups
from clinic.studio.exercise_rows import REFERENCE_FIELDS, REFERENCE_ORDER
from clinic.studio.form import FormField
from clinic.studio.level_form import DOSAGE_FIELDS
from clinic.studio.row_groups import (
    DOSAGE,
    Exercises,
    Group,
    box_name,
    finding_loc,
    group_values,
    read_row,
    read_rows,
    row_numbers,
    row_values,
)
from clinic.studio.toml_tables import plain_rows

TIERS = ("urgent", "doctor", "therapist")
LEVELS = ("-3", "-2", "-1", "0", "1", "2", "3")

TOP: tuple[FormField, ...] = (
    FormField("name", N_("Name"), "text", N_("What the therapist picks from the list of protocols."), True),
    FormField("condition", N_("Condition"), "long",
              N_("In plain words. The library shows it up to the first ': ' (Knee pain: a sore knee)."), True),
    FormField("summary", N_("Summary"), "long", N_("One or two sentences: what the routine is."), True),
    FormField("goal", N_("Goal"), "long", N_("What the patient is working towards, as they read it."), True),
    FormField("minutes", N_("Minutes"), "number", N_("How long one session takes: a number or a range, 20-30.")),
    FormField("activity_changes", N_("Activity changes"), "lines",
              N_("What to do less, or differently, for now. One per line.")),
    FormField("mistakes", N_("Mistakes to avoid"), "lines", N_("One per line, said as the mistake.")),
)

PAIN_RULE: tuple[FormField, ...] = (
    FormField("ceiling", N_("Pain ceiling"), "number", N_("0-10: the highest pain allowed during exercise."), True),
    FormField("wording", N_("The pain rule"), "long", N_("The rule as the patient reads it."), True),
    FormField("next_morning_check", N_("Pain should settle by the next morning"), "check",
              N_("Printed with the rule. Ticked unless the file says otherwise."), default=True),
    FormField("sharp_pain_stops", N_("Sharp pain means stop"), "check",
              N_("Printed with the rule. Ticked unless the file says otherwise."), default=True),
)
PAIN_ORDER = ("scale_max", "ceiling", "next_morning_check", "sharp_pain_stops", "wording")


ITEMS = Group("items", N_("Exercises"), N_("At least one. Type an exercise's name or id: this plugin's and the "
                                           "whole library's are offered as you type."), N_("Exercise"), (
    FormField("exercise", N_("Exercise"), "exercise", N_("Its name or its id (knee_pain.heel_raise)."), True),
    FormField("level", N_("Level"), "choice", N_("The step of its ladder to start at: 0 is the exercise itself."),
              choices=LEVELS),
    FormField("note", N_("Note"), "long", N_("Printed with the exercise.")),
    FormField("optional", N_("Optional"), "check", N_("Ticked when the patient may leave it out.")),
), ("exercise", "level", "dosage", "note", "optional"), dosage=True)

GROUPS: tuple[Group, ...] = (
    Group("sections", N_("Sections"), N_("The parts of the routine, in order. At least one; keys unique."),
          N_("Section"), (
              FormField("key", N_("Key"), "text", N_("Small letters, numbers and _, unique here: warm_up."), True),
              FormField("title", N_("Title"), "text", N_("As the handout heads the section."), True),
              FormField("instructions", N_("Instructions"), "long", N_("Printed under the title."), True),
              FormField("pick", N_("How many to pick"), "number",
                        N_("How many of its exercises the therapist chooses: a number or a range, 2-3.")),
          ), ("key", "title", "instructions", "pick", "items"), children=(ITEMS,)),
    Group("schedule", N_("Schedule"), N_("When to do what."), N_("Entry"), (
        FormField("when", N_("When"), "text", N_("Every day."), True),
        FormField("minutes", N_("Minutes"), "number", N_("A number or a range.")),
        FormField("what", N_("What"), "lines", N_("One per line, at least one."), True),
    ), ("when", "minutes", "what")),
    Group("progression_rules", N_("Progression rules"), N_("When and how to make it harder."), N_("Rule"), (
        FormField("text", N_("Rule"), "long", N_("When and how to progress."), True),
        FormField("rule_of_thumb", N_("Rule of thumb"), "check",
                  N_("Ticked when the rule is cautious advice rather than evidence.")),
    ), ("text", "rule_of_thumb")),
    Group("flare_up", N_("Flare-up table"), N_("What to stop for now, and what to do instead."), N_("Row"), (
        FormField("avoid", N_("Avoid"), "long", N_("What to stop for now."), True),
        FormField("instead", N_("Instead"), "long", N_("What to do instead."), True),
    ), ("avoid", "instead")),
    Group("referrals", N_("When to get help"), N_("At least one sign to look out for."), N_("Sign"), (
        FormField("tier", N_("How soon"), "choice",
                  N_("urgent (now), doctor (soon) or therapist (at the next visit)."), True, choices=TIERS),
        FormField("text", N_("Sign"), "long", N_("The sign to look out for."), True),
    ), ("tier", "text")),
    Group("references", N_("References"), N_("Where the routine's doses and advice come from."), N_("Reference"),
          REFERENCE_FIELDS, REFERENCE_ORDER),
)

ORDERS: dict[str, tuple[str, ...]] = {g.name: g.order for g in (*GROUPS, ITEMS)}


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """Every box's text for a protocol file's data."""
    values = row_values(TOP, data, "")
    values |= row_values(PAIN_RULE, data.get("pain_rule") or {}, "pain_rule-")
    for group in GROUPS:
        values |= group_values(group, data.get(group.name) or (), "")
    return values


def read_form(form: Mapping[str, str], data: Mapping[str, Any], exercises: Exercises) -> dict[str, Any]:
    """The file's data with the boxes over it; groups hold ``None`` for a removed row (see ``plain``)."""
    out = read_row(form, TOP, data, "", exercises)
    if any(key.startswith("pain_rule-") for key in form):
        out["pain_rule"] = read_row(form, PAIN_RULE, data.get("pain_rule") or {}, "pain_rule-", exercises)
    for group in GROUPS:
        rows = read_rows(form, group, data.get(group.name) or (), "", exercises)
        if rows is not None:
            out[group.name] = rows
    return out


def plain(typed: Mapping[str, Any]) -> dict[str, Any]:
    """The typed protocol as plain data: removed rows dropped, an empty group left out."""
    out = {key: plain_rows(value, ORDERS) if key in ORDERS else value for key, value in typed.items()}
    return {key: value for key, value in out.items() if not (key in ORDERS and not value)}


def blank_row(values: Mapping[str, str], where: str) -> dict[str, str] | None:
    """``values`` with one more empty row of the protocol's group at ``where`` (``sections-0-items``)."""
    return row_groups.blank_row(values, where, GROUPS)


def placed(box: str, values: Mapping[str, str]) -> str:
    """Where the protocol page shows ``box``'s message: the box, its row or group, the pain rule, or "other"."""
    return row_groups.placed(box, {**values, "pain_rule": ""}, GROUPS)


__all__ = ["DOSAGE", "DOSAGE_FIELDS", "GROUPS", "ITEMS", "PAIN_RULE", "TOP", "Exercises", "Group", "blank_row",
           "box_name", "finding_loc", "form_values", "placed", "plain", "read_form", "row_numbers"]
