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

Kind = Literal["text", "long", "lines", "commas", "each", "choice", "check", "number", "exercise"]


@dataclass(frozen=True)
class FormField:
    """One box: ``long`` is text in a box of several lines, ``each`` a list with a box per item, ``check`` a
    tick box (``default`` when the file leaves it out), ``number`` a whole number or a range, ``exercise`` an
    exercise picked by its name or id."""

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
    FormField("summary", N_("Summary"), "long", N_("One sentence: what it does for the patient."), True),
    FormField("kind", N_("Kind"), "choice", N_("Sets the section it starts in and the library filter."), True),
    FormField("body_regions", N_("Body regions"), "commas",
              N_("Small letters and _, separated by commas: knee, hip."), True),
    FormField("targets", N_("Targets"), "commas",
              N_("What it trains, for search: small letters and _, separated by commas (glute_med).")),
    FormField("equipment", N_("Equipment"), "lines", N_("One item per line, as the patient reads it.")),
    FormField("synonyms", N_("Other names"), "each",
              N_("Names people search for, one per box; an empty box is there for one more.")),
    FormField("starting_position", N_("Starting position"), "long",
              N_("Where the patient starts, in one or two short sentences.")),
    FormField("steps", N_("Steps"), "lines", N_("One short sentence per line, in order."), True),
    FormField("feel", N_("What you should feel"), "long", N_("Where the work or stretch is felt.")),
    FormField("mistakes", N_("Mistakes to avoid"), "lines",
              N_("One per line, said as the mistake: Letting your knee fall in.")),
    FormField("cues", N_("Tips"), "lines", N_("Short reminders, one per line.")),
    FormField("cautions", N_("Stay safe"), "lines",
              N_("One per line, said as an instruction: Stop if your knee hurts.")),
)


def typed_text(spec: FormField, raw: str) -> str:
    """A long box's text as one line: the file's text fields are single lines, however the box wraps them."""
    return " ".join(raw.split()) if spec.kind == "long" else raw


def each_box(name: str, index: int) -> str:
    """The box of the ``index``-th item of an ``each`` list: ``synonyms-0``, ``synonyms-1``..."""
    return f"{name}-{index}"


def each_boxes(name: str, values: Mapping[str, str]) -> list[str]:
    """The boxes of an ``each`` list the page shows, in order."""
    return sorted((key for key in values if re.fullmatch(rf"{name}-\d+", key)), key=lambda k: int(k.rsplit("-")[1]))


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What each box shows for an exercise file's data (an ``each`` list: its items and one empty box)."""
    values = {}
    for spec in FIELDS:
        value = data.get(spec.name)
        if spec.kind == "each":
            items = [*(value or ()), ""]
            values |= {each_box(spec.name, i): str(item) for i, item in enumerate(items)}
        elif spec.kind == "lines":
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
        if spec.kind == "each":
            numbers = sorted(int(key.rsplit("-", 1)[1]) for key in form
                             if re.fullmatch(rf"{spec.name}-\d+", key))
            if not numbers:
                continue  # a form without these boxes leaves the file's list as it is
            typed = (" ".join((form.get(each_box(spec.name, n)) or "").split()) for n in numbers)
            value: Any = [item for item in typed if item]
        elif spec.kind == "lines":
            value = [line.strip() for line in raw.split("\n") if line.strip()]
        elif spec.kind == "commas":
            value = [part.strip() for part in raw.split(",") if part.strip()]
        else:
            value = typed_text(spec, raw)
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
