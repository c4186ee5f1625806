"""The studio's protocol form: every field of the protocol format, one box each, with the docs' help beside it.

Lists of tables (sections and their exercises, the schedule, rules, flare-up
rows, referrals, references) are groups of rows; a row's boxes are named by
where the value lives in the file, ``sections-0-items-1-exercise`` for
``sections[0].items[1].exercise``, so a refusal or a finding of the check lands
beside its box. A box that still shows what the file says keeps the file's
value as written, so saving what is shown writes the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clinic.i18n import N_
from clinic.studio.form import FormField, typed_text
from clinic.studio.level_form import DOSAGE_FIELDS, clean, dosage_boxes, shown_value, typed_dosage, typed_number
from clinic.studio.toml_tables import plain_rows

TIERS = ("urgent", "doctor", "therapist")
LEVELS = ("-3", "-2", "-1", "0", "1", "2", "3")
DOSAGE = "dosage_"  # an item's dosage boxes: sections-0-items-1-dosage_sets...

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


@dataclass(frozen=True)
class Group:
    """A list of tables in the file, shown as rows of boxes; ``order`` is the docs' order of a table's keys."""

    name: str
    label: str
    help: str
    row: str
    fields: tuple[FormField, ...]
    order: tuple[str, ...]
    children: tuple[Group, ...] = ()
    dosage: bool = False


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
    Group("references", N_("References"), N_("Where the routine's doses and advice come from."), N_("Reference"), (
        FormField("citation", N_("Citation"), "long", N_("Authors, title, journal, year."), True),
        FormField("url", N_("Address"), "text", N_("A link to it, if there is one.")),
        FormField("supports", N_("What it supports"), "long", N_("Which dose or advice it backs.")),
    ), ("citation", "url", "supports")),
)

ORDERS: dict[str, tuple[str, ...]] = {g.name: g.order for g in (*GROUPS, ITEMS)}
BOX_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


def shown(spec: FormField, value: Any) -> str:
    """What a box shows for the file's ``value``."""
    if spec.kind == "lines":
        return "\n".join(value or ())
    if spec.kind == "check":
        return "1" if (spec.default if value is None else value) else ""
    if spec.name == "level" and value is None:
        return "0"
    return shown_value(value)


def _row_values(fields: Sequence[FormField], data: Mapping[str, Any], prefix: str) -> dict[str, str]:
    return {f"{prefix}{f.name}": shown(f, data.get(f.name)) for f in fields}


def _group_values(group: Group, rows: Sequence[Mapping[str, Any]], prefix: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, row in enumerate(rows):
        at = f"{prefix}{group.name}-{index}-"
        values |= _row_values(group.fields, row, at)
        if group.dosage:
            values |= dosage_boxes(row.get("dosage") or {}, f"{at}{DOSAGE}")
        for child in group.children:
            values |= _group_values(child, row.get(child.name) or (), at)
    return values


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """Every box's text for a protocol file's data."""
    values = _row_values(TOP, data, "")
    values |= _row_values(PAIN_RULE, data.get("pain_rule") or {}, "pain_rule-")
    for group in GROUPS:
        values |= _group_values(group, data.get(group.name) or (), "")
    return values


@dataclass(frozen=True)
class Exercises:
    """The exercises a protocol may name: id to name, and the plugin whose own exercises win a tie of names."""

    names: Mapping[str, str]
    plugin: str

    def pick(self, typed: str) -> str:
        """The id for what was typed: an id, this plugin's stem, or a name only one exercise has (ours first)."""
        if typed in self.names:
            return typed
        if f"{self.plugin}.{typed}" in self.names:
            return f"{self.plugin}.{typed}"
        wanted = typed.casefold()
        matches = [i for i, name in self.names.items() if name.casefold() == wanted]
        own = [i for i in matches if i.startswith(f"{self.plugin}.")]
        return own[0] if len(own) == 1 else matches[0] if len(matches) == 1 else typed


def _typed(spec: FormField, raw: str, exercises: Exercises) -> Any:
    if spec.kind == "lines":
        return [line.strip() for line in raw.split("\n") if line.strip()]
    if spec.kind == "check":
        return raw == "1"
    if spec.kind == "number" or spec.name == "level":
        return typed_number(raw)
    if spec.kind == "exercise":
        return exercises.pick(raw)
    return typed_text(spec, raw)


def _read_row(form: Mapping[str, str], fields: Sequence[FormField], old: Mapping[str, Any], prefix: str,
              exercises: Exercises) -> dict[str, Any]:
    """The boxes over the file's ``old`` table: an unchanged box keeps the file's value, an emptied one drops it."""
    row = {key: value for key, value in old.items() if key not in {f.name for f in fields}}
    for spec in fields:
        raw = clean(form.get(f"{prefix}{spec.name}"))
        if raw == shown(spec, old.get(spec.name)):
            if spec.name in old:
                row[spec.name] = old[spec.name]
        elif raw or spec.kind == "check":
            row[spec.name] = _typed(spec, raw, exercises)
    return row


def row_numbers(values: Mapping[str, str], where: str) -> list[int]:
    """The numbers of the rows of the group at ``where`` (``sections``, ``sections-0-items``) the boxes hold."""
    pattern = re.compile(rf"^{re.escape(where)}-(\d+)-[a-z]")
    return sorted({int(m[1]) for key in values if (m := pattern.match(key))})


def _read_rows(form: Mapping[str, str], group: Group, old: Sequence[Mapping[str, Any]], prefix: str,
               exercises: Exercises) -> list[dict[str, Any] | None] | None:
    """The group's rows per table of the file (``None`` once removed); ``None`` when the form shows none."""
    typed = row_numbers(form, f"{prefix}{group.name}")
    if not typed and not old:
        return None
    rows: list[dict[str, Any] | None] = []
    for index in range(max(len(old), max(typed, default=-1) + 1)):
        before = old[index] if index < len(old) else {}
        at = f"{prefix}{group.name}-{index}-"
        if index not in typed:
            rows.append(dict(before) if before else None)  # a row the page did not show stays as it is
            continue
        if form.get(f"{at}remove") == "1":
            rows.append(None)
            continue
        row = _read_row(form, group.fields, before, at, exercises)
        if group.dosage:
            dosage = typed_dosage(form, f"{at}{DOSAGE}", before.get("dosage") or {})
            row.pop("dosage", None)
            if dosage:
                row["dosage"] = dosage
        for child in group.children:
            children = _read_rows(form, child, before.get(child.name) or (), at, exercises)
            if children is not None:
                row[child.name] = children
        rows.append(row)
    return rows


def read_form(form: Mapping[str, str], data: Mapping[str, Any], exercises: Exercises) -> dict[str, Any]:
    """The file's data with the boxes over it; groups hold ``None`` for a removed row (see ``plain``)."""
    out = _read_row(form, TOP, data, "", exercises)
    if any(key.startswith("pain_rule-") for key in form):
        out["pain_rule"] = _read_row(form, PAIN_RULE, data.get("pain_rule") or {}, "pain_rule-", exercises)
    for group in GROUPS:
        rows = _read_rows(form, group, data.get(group.name) or (), "", exercises)
        if rows is not None:
            out[group.name] = rows
    return out


def plain(typed: Mapping[str, Any]) -> dict[str, Any]:
    """The typed protocol as plain data: removed rows dropped, an empty group left out."""
    out = {key: plain_rows(value, ORDERS) if key in ORDERS else value for key, value in typed.items()}
    return {key: value for key, value in out.items() if not (key in ORDERS and not value)}


def blank_row(values: Mapping[str, str], where: str) -> dict[str, str] | None:
    """``values`` with one more empty row of the group at ``where``; ``None`` when there is no such group."""
    parts = where.split("-")
    groups, group = GROUPS, None
    for position, part in enumerate(parts):
        if position % 2:
            if not part.isdigit():
                return None
            continue
        group = next((g for g in groups if g.name == part), None)
        if group is None:
            return None
        groups = group.children
    if group is None or len(parts) % 2 == 0:
        return None
    number = max(row_numbers(values, where), default=-1) + 1
    at = f"{where}-{number}-"
    added = {f"{at}{f.name}": shown(f, None) for f in group.fields}
    for child in group.children:  # a new section starts with one empty exercise
        added |= {f"{at}{child.name}-0-{f.name}": shown(f, None) for f in child.fields}
    return {**values, **added}


def box_name(loc: Sequence[Any]) -> str:
    """The box for a place in the data: ``("sections", 0, "items", 1, "dosage", "sets")`` is
    ``sections-0-items-1-dosage_sets``."""
    parts = [str(part) for part in loc]
    if "dosage" in parts[:-1]:
        at = parts.index("dosage")
        parts = [*parts[:at], f"{DOSAGE}{parts[at + 1]}"]
    return "-".join(parts)


def finding_loc(field: str) -> tuple[Any, ...]:
    """A finding's field, ``sections[0].items[1].exercise``, as a place in the data."""
    loc: list[Any] = []
    for name, index in BOX_PART.findall(field):
        loc.append(name)
        if index:
            loc.append(int(index))
    return tuple(loc)


def placed(box: str, values: Mapping[str, str]) -> str:
    """The nearest place the page shows ``box``'s message: the box, else its row or group, else "other"."""
    shown_at = {"pain_rule", *(g.name for g in GROUPS)}
    for key in values:
        parts = key.split("-")
        shown_at |= {"-".join(parts[:n]) for n in range(1, len(parts) + 1)}
    parts = box.split("-")
    while parts:
        if "-".join(parts) in shown_at:
            return "-".join(parts)
        parts.pop()
    return "other"


__all__ = ["DOSAGE_FIELDS", "GROUPS", "ITEMS", "PAIN_RULE", "TOP", "Exercises", "Group", "blank_row", "box_name",
           "finding_loc", "form_values", "placed", "plain", "read_form", "row_numbers"]
