"""The studio's level boxes: one fieldset per rung of the ladder, named ``levels-<n>-<field>``.

A rung is numbered by its place in the file's ``[[levels]]`` list, so a save
edits that table in place (``toml_levels``) and a rung typed new gets the next
number. Dosage changes and the picture are typed one box per field and written
back as the small inline tables the docs show; dosage fields the form has no
box for (load, tempo...) are kept from the file as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clinic.i18n import N_
from clinic.studio.form import FormField, typed_text

STEPS = (-3, -2, -1, 1, 2, 3)
SIDES = ("each_side", "both", "left", "right", "alternating")
BOX = re.compile(r"^levels-(\d+)-(\w+)$")

LEVEL_FIELDS: tuple[FormField, ...] = (
    FormField("name", N_("Name"), "text", N_("The variant's name. Leave empty for a link to another exercise.")),
    FormField("exercise", N_("Or link to the exercise"), "text",
              N_("Another exercise's id (warmups.marching_in_place) used as this rung, instead of a variant.")),
    FormField("criterion", N_("When to move up"), "long",
              N_("On a harder level, when to move up to it; on an easier one, when to move from it back up."), True),
    FormField("summary", N_("Summary"), "long", N_("Text for a variant.")),
    FormField("starting_position", N_("Starting position"), "long",
              N_("The variant's own start, printed instead of the exercise's: say it when it starts from "
                 "another position.")),
    FormField("steps", N_("Steps"), "lines", N_("The variant's own steps, one per line.")),
    FormField("feel", N_("What you should feel"), "long", N_("Instead of the exercise's, in this variant.")),
    FormField("mistakes", N_("Mistakes to avoid"), "lines",
              N_("The variant's own mistakes, printed instead of the exercise's.")),
    FormField("cautions", N_("Stay safe"), "lines",
              N_("Printed after the exercise's own safety lines: a safety line is never dropped.")),
)

DOSAGE_FIELDS: tuple[FormField, ...] = (
    FormField("sets", N_("Sets"), "text", N_("A number or a range: 2-3. Up to 10.")),
    FormField("reps", N_("Repetitions"), "text", N_("A number or a range: 8-12. Up to 200.")),
    FormField("rep_unit", N_("What one repetition is"), "text",
              N_("Only when it is not one movement: times through the alphabet.")),
    FormField("hold_seconds", N_("Hold (seconds)"), "text", N_("How long to hold each time: 20-30.")),
    FormField("duration_minutes", N_("Minutes"), "text", N_("For walking or cycling: 10-20.")),
    FormField("rest_seconds", N_("Rest (seconds)"), "text", N_("Rest between sets, 0-600.")),
    FormField("times_per_day", N_("Times a day"), "text", N_("Sessions a day, 1-6.")),
    FormField("days_per_week", N_("Days a week"), "text", N_("1-7.")),
    FormField("side", N_("Side"), "choice", N_("Which side or sides.")),
    FormField("tempo_up", N_("Tempo: seconds up"), "text", N_("A slow count to lift, 0-30. Leave the three empty "
                                                               "for no tempo.")),
    FormField("tempo_hold", N_("Tempo: seconds held"), "text", N_("At the top, 0-60 (empty is 0).")),
    FormField("tempo_down", N_("Tempo: seconds down"), "text", N_("A slow count to lower, 0-30.")),
)
TEMPO = "tempo_"  # the tempo's three boxes, read as one table: tempo = { up = 2, hold = 1, down = 3 }

PICTURE_FIELDS: tuple[FormField, ...] = (
    FormField("file", N_("Picture file"), "text", N_("Inside the plugin folder: pictures/bridge--one_leg.svg.")),
    FormField("alt", N_("Picture description"), "text", N_("What a screen reader says: describe the position.")),
    FormField("licence", N_("Picture licence"), "text", N_("Such as CC0-1.0 or CC-BY-4.0.")),
    FormField("author", N_("Picture author"), "text", N_("Who made it.")),
    FormField("caption", N_("Picture caption"), "text", N_("A short line printed under the picture.")),
)

WHOLE = {"rest_seconds", "times_per_day", "days_per_week"}
RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class LevelBoxes:
    """One rung as the form shows it: its place in the file and each box's text."""

    index: int
    step: str
    values: Mapping[str, str]
    removed: bool = False


def shown_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "-".join(str(v) for v in value)
    return "" if value is None else str(value)


def _lines(value: Any) -> str:
    return "\n".join(value or ())


def boxes_of(levels: list[Mapping[str, Any]]) -> list[LevelBoxes]:
    """What each rung's boxes show for the file's ``levels``."""
    out = []
    for index, level in enumerate(levels):
        values = {f.name: _lines(level.get(f.name)) if f.kind == "lines" else shown_value(level.get(f.name))
                  for f in LEVEL_FIELDS}
        values |= dosage_boxes(level.get("dosage") or {}, "dosage_")
        picture = level.get("picture") or {}
        values |= {f"picture_{f.name}": shown_value(picture.get(f.name)) for f in PICTURE_FIELDS}
        out.append(LevelBoxes(index, shown_value(level.get("step")), values))
    return out


def boxes_typed(form: Mapping[str, str]) -> list[LevelBoxes]:
    """The rungs as typed, in the order of their numbers (so a refused save shows them again)."""
    typed: dict[int, dict[str, str]] = {}
    for key in form:
        match = BOX.match(key)
        if match:
            typed.setdefault(int(match[1]), {})[match[2]] = form.get(key) or ""
    return [LevelBoxes(i, boxes.pop("step", ""), boxes, removed=boxes.pop("remove", "") == "1")
            for i, boxes in sorted(typed.items())]


def blank(index: int, step: int) -> LevelBoxes:
    """A new rung's empty boxes."""
    return LevelBoxes(index, str(step), {})


def next_free_step(boxes: list[LevelBoxes], harder: bool) -> int:
    """The nearest step on that side that no rung has yet (3 or -3 when all are taken)."""
    taken = {b.step for b in boxes if not b.removed}
    side = (1, 2, 3) if harder else (-1, -2, -3)
    return next((s for s in side if str(s) not in taken), side[-1])


def typed_number(raw: str) -> Any:
    """"8" is 8 and "8-12" is [8, 12], as the docs write them; anything else goes to the check as typed."""
    match = RANGE.match(raw)
    if not match:
        return raw
    low, high = int(match[1]), match[2]
    return low if high is None or int(high) == low else [low, int(high)]


def clean(raw: str | None) -> str:
    return (raw or "").replace("\r\n", "\n").strip()


def _dosage_value(dosage: Mapping[str, Any], name: str) -> Any:
    if name.startswith(TEMPO):
        return (dosage.get("tempo") or {}).get(name.removeprefix(TEMPO))
    return dosage.get(name)


def dosage_boxes(dosage: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """What the dosage boxes show for a file's dosage table, each named ``prefix`` + field."""
    return {f"{prefix}{f.name}": shown_value(_dosage_value(dosage, f.name)) for f in DOSAGE_FIELDS}


def _typed_tempo(typed: Mapping[str, str], prefix: str, old: Any) -> Any:
    """The three tempo boxes as the ``tempo`` table; the file's own when they still show it, none when empty."""
    raw = {part: clean(typed.get(f"{prefix}{TEMPO}{part}")) for part in ("up", "hold", "down")}
    if all(raw[part] == shown_value((old or {}).get(part)) for part in raw):
        return old
    return {part: typed_number(text) for part, text in raw.items() if text} or None


def typed_dosage(typed: Mapping[str, str], prefix: str, old: Mapping[str, Any]) -> dict[str, Any]:
    """The dosage boxes over the file's ``old`` table: an emptied box removes its field, the rest stay."""
    dosage = dict(old)
    tempo = _typed_tempo(typed, prefix, old.get("tempo"))
    dosage.pop("tempo", None)
    if tempo:
        dosage["tempo"] = tempo
    for f in DOSAGE_FIELDS:
        raw = clean(typed.get(f"{prefix}{f.name}"))
        if f.name.startswith(TEMPO):
            continue
        if not raw:
            dosage.pop(f.name, None)
        elif shown_value(dosage.get(f.name)) != raw:  # unchanged boxes keep the file's own spelling ("2-3", [2, 3])
            dosage[f.name] = raw if f.kind == "choice" or f.name == "rep_unit" else typed_number(raw)
    return dosage


def level_fields(boxes: LevelBoxes, old: Mapping[str, Any]) -> dict[str, Any]:
    """One rung's typed boxes as level fields over the file's ``old`` table; empty boxes leave it out."""
    step = boxes.step.strip()
    level: dict[str, Any] = {"step": int(step) if re.fullmatch(r"-?\d", step) else step}
    for f in LEVEL_FIELDS:
        raw = clean(boxes.values.get(f.name))
        if f.kind == "lines":
            level[f.name] = [line.strip() for line in raw.split("\n") if line.strip()]
        else:
            level[f.name] = typed_text(f, raw)
    level["dosage"] = typed_dosage(boxes.values, "dosage_", old.get("dosage") or {})
    picture = {f.name: clean(boxes.values.get(f"picture_{f.name}")) for f in PICTURE_FIELDS}
    level["picture"] = {k: v for k, v in picture.items() if v}
    return {k: v for k, v in level.items() if v not in ("", [], {})}


@dataclass(frozen=True)
class TypedLadder:
    """The rungs a form sends: per table of the file (``None`` once removed), and which box each kept rung came from."""

    tables: list[dict[str, Any] | None]
    boxes: list[LevelBoxes]

    @property
    def levels(self) -> list[dict[str, Any]]:
        """The kept rungs, as the exercise's ``levels``."""
        return [level for level in self.tables if level is not None]

    def box_of(self, position: int) -> int:
        """The form number of the ``position``-th kept rung, so a refusal lands beside its box."""
        kept = [i for i, level in enumerate(self.tables) if level is not None]
        return kept[position] if position < len(kept) else position


def read_ladder(form: Mapping[str, str], old: list[Mapping[str, Any]]) -> TypedLadder | None:
    """The ladder as typed over the file's ``old`` levels; ``None`` when the form sends no level boxes."""
    typed = {b.index: b for b in boxes_typed(form)}
    if not typed:
        return None
    tables: list[dict[str, Any] | None] = []
    for index in range(max(len(old), max(typed) + 1)):
        before = old[index] if index < len(old) else {}
        boxes = typed.get(index)
        if boxes is None:
            tables.append(dict(before) if before else None)  # a rung the page did not show stays as it is
        else:
            tables.append(None if boxes.removed else level_fields(boxes, before))
    return TypedLadder(tables, list(typed.values()))
