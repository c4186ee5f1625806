"""The studio's exercise form: the exercise's top-level fields, one box each, with the docs' help beside it.

Lists are typed one item per line and names of body regions separated by
commas, as a clinician writes them. The ladder's rungs have boxes of their own
(``level_form``); the exercise's pictures, dosage and references stay in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clinic.contributor.findings import Finding
from clinic.exercise_data.exercise import Exercise
from clinic.i18n import N_

Kind = Literal["text", "lines", "commas", "choice", "check", "number", "exercise"]


@dataclass(frozen=True)
class FormField:
    """One box: ``check`` is a tick box (``default`` when the file leaves it out), ``number`` a whole number or
    a range, ``exercise`` an exercise picked by its name or id."""

    name: str
    label: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: bool = False


KINDS = ("warm_up", "stretch", "strength", "endurance", "balance", "mobility")

FIELDS: tuple[FormField, ...] = (
    FormField("name", N_("Name"), "text", N_("What the therapist and the patient call it."), True),
    FormField("summary", N_("Summary"), "text", N_("One sentence: what it does for the patient."), True),
    FormField("kind", N_("Kind"), "choice", N_("Sets the section it starts in and the library filter."), True),
    FormField("body_regions", N_("Body regions"), "commas",
              N_("Small letters and _, separated by commas: knee, hip."), True),
    FormField("equipment", N_("Equipment"), "lines", N_("One item per line, as the patient reads it.")),
    FormField("starting_position", N_("Starting position"), "text",
              N_("Where the patient starts, in one or two short sentences.")),
    FormField("steps", N_("Steps"), "lines", N_("One short sentence per line, in order."), True),
    FormField("feel", N_("What you should feel"), "text", N_("Where the work or stretch is felt.")),
    FormField("mistakes", N_("Mistakes to avoid"), "lines",
              N_("One per line, said as the mistake: Letting your knee fall in.")),
    FormField("cues", N_("Tips"), "lines", N_("Short reminders, one per line.")),
    FormField("cautions", N_("Stay safe"), "lines",
              N_("One per line, said as an instruction: Stop if your knee hurts.")),
)


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What each box shows for an exercise file's data."""
    values = {}
    for spec in FIELDS:
        value = data.get(spec.name)
        if spec.kind == "lines":
            values[spec.name] = "\n".join(value or ())
        elif spec.kind == "commas":
            values[spec.name] = ", ".join(value or ())
        else:
            values[spec.name] = "" if value is None else str(value)
    return values


def read_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The typed values as exercise fields; an empty box leaves its field out (so defaults apply)."""
    fields: dict[str, Any] = {}
    for spec in FIELDS:
        raw = (form.get(spec.name) or "").replace("\r\n", "\n").strip()
        if spec.kind == "lines":
            value: Any = [line.strip() for line in raw.split("\n") if line.strip()]
        elif spec.kind == "commas":
            value = [part.strip() for part in raw.split(",") if part.strip()]
        else:
            value = raw
        fields[spec.name] = value
    return fields


def merged(data: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """The file's data with the form's fields over it; an emptied optional box removes the field."""
    out = dict(data)
    for name, value in fields.items():
        if value in ("", []):
            out.pop(name, None)
        else:
            out[name] = value
    return out


def as_exercise(exercise_id: str, data: Mapping[str, Any]) -> Exercise:
    """Validate ``data`` as the exercise ``exercise_id``; raises pydantic's ValidationError."""
    return Exercise.model_validate({"id": exercise_id, **data})


FINDING_FIELD = re.compile(r"^(?:levels\[(\d+)\]\.)?(\w+)")


def finding_boxes(findings: Sequence[Finding]) -> dict[str, list[str]]:
    """The check's findings by the box they are about, to show each beside its box.

    ``steps[2]`` is the box ``steps`` and ``levels[1].feel`` is ``levels-1-feel``:
    a level's number is its place in the file, which is how the page numbers its rungs.
    """
    boxes: dict[str, list[str]] = {}
    for finding in findings:
        match = FINDING_FIELD.match(finding.field)
        if not match:
            continue
        level, field = match.groups()
        if level is not None:
            field = f"levels-{level}-{field}"
        boxes.setdefault(field, []).append(finding.message)
    return boxes
