"""Lists of tables as rows of boxes: each box named by where its value lives in the file.

``sections-0-items-1-exercise`` is the box of ``sections[0].items[1].exercise``,
so a refusal or a finding of the check lands beside its box. A box that still
shows what the file says keeps the file's value as written, so saving what is
shown writes the same bytes. The protocol form and the exercise form's pictures
and references are made of these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clinic.studio.form import FormField, typed_text
from clinic.studio.level_form import clean, dosage_boxes, shown_value, typed_dosage, typed_number

DOSAGE = "dosage_"  # a row's dosage boxes: sections-0-items-1-dosage_sets...
BOX_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


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


def shown(spec: FormField, value: Any) -> str:
    """What a box shows for the file's ``value``."""
    if spec.kind == "lines":
        return "\n".join(value or ())
    if spec.kind == "check":
        return "1" if (spec.default if value is None else value) else ""
    if spec.name == "level" and value is None:
        return "0"
    return shown_value(value)


def row_values(fields: Sequence[FormField], data: Mapping[str, Any], prefix: str) -> dict[str, str]:
    return {f"{prefix}{f.name}": shown(f, data.get(f.name)) for f in fields}


def group_values(group: Group, rows: Sequence[Mapping[str, Any]], prefix: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, row in enumerate(rows):
        at = f"{prefix}{group.name}-{index}-"
        values |= row_values(group.fields, row, at)
        if group.dosage:
            values |= dosage_boxes(row.get("dosage") or {}, f"{at}{DOSAGE}")
        for child in group.children:
            values |= group_values(child, row.get(child.name) or (), at)
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


def typed_value(spec: FormField, raw: str, exercises: Exercises) -> Any:
    if spec.kind == "lines":
        return [line.strip() for line in raw.split("\n") if line.strip()]
    if spec.kind == "check":
        return raw == "1"
    if spec.kind == "number" or spec.name == "level":
        return typed_number(raw)
    if spec.kind == "exercise":
        return exercises.pick(raw)
    return typed_text(spec, raw)


def read_row(form: Mapping[str, str], fields: Sequence[FormField], old: Mapping[str, Any], prefix: str,
              exercises: Exercises) -> dict[str, Any]:
    """The boxes over the file's ``old`` table: an unchanged box keeps the file's value, an emptied one drops it."""
    row = {key: value for key, value in old.items() if key not in {f.name for f in fields}}
    for spec in fields:
        raw = clean(form.get(f"{prefix}{spec.name}"))
        if raw == shown(spec, old.get(spec.name)):
            if spec.name in old:
                row[spec.name] = old[spec.name]
        elif raw or spec.kind == "check":
            row[spec.name] = typed_value(spec, raw, exercises)
    return row


def row_numbers(values: Mapping[str, str], where: str) -> list[int]:
    """The numbers of the rows of the group at ``where`` (``sections``, ``sections-0-items``) the boxes hold."""
    pattern = re.compile(rf"^{re.escape(where)}-(\d+)-[a-z]")
    return sorted({int(m[1]) for key in values if (m := pattern.match(key))})


def read_rows(form: Mapping[str, str], group: Group, old: Sequence[Mapping[str, Any]], prefix: str,
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
        row = read_row(form, group.fields, before, at, exercises)
        if group.dosage:
            dosage = typed_dosage(form, f"{at}{DOSAGE}", before.get("dosage") or {})
            row.pop("dosage", None)
            if dosage:
                row["dosage"] = dosage
        for child in group.children:
            children = read_rows(form, child, before.get(child.name) or (), at, exercises)
            if children is not None:
                row[child.name] = children
        rows.append(row)
    return rows


def blank_row(values: Mapping[str, str], where: str, groups: Sequence[Group]) -> dict[str, str] | None:
    """``values`` with one more empty row of the group at ``where``; ``None`` when there is no such group."""
    parts = where.split("-")
    group = None
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


def placed(box: str, values: Mapping[str, str], groups: Sequence[Group]) -> str:
    """The nearest place the page shows ``box``'s message: the box, else its row or group, else "other"."""
    shown_at = {*(g.name for g in groups)}
    for key in values:
        parts = key.split("-")
        shown_at |= {"-".join(parts[:n]) for n in range(1, len(parts) + 1)}
    parts = box.split("-")
    while parts:
        if "-".join(parts) in shown_at:
            return "-".join(parts)
        parts.pop()
    return "other"
