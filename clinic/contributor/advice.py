"""Warnings: things that do not stop a plugin loading but make a worse handout.

Patients read handouts alone at home, so the reading level is judged on the
data itself, by the rule in ``clinic.contributor.reading`` (the same one the
shipped plugins' test applies), and every field over the limit is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from clinic.contributor.findings import Finding, line_of, warning
from clinic.contributor.reading import (
    MAX_GRADE,
    exercise_texts,
    grade,
    hard_texts,
    overall_grade,
    protocol_texts,
    sentence,
)
from clinic.contributor.translations import check_translations
from clinic.contributor.wording import reads_like_instruction, reads_like_mistake
from clinic.exercise_data import Exercise, Protocol
from clinic.exercise_data.exercise import RETIRED_FIELDS

__all__ = ["MAX_GRADE", "advise", "grade"]


def reading_level(texts: list[tuple[str, str]], display: str, source: str) -> list[Finding]:
    """Every field too hard on its own, each at its line; and the text as a whole when it alone is too hard."""
    hard = hard_texts(texts)
    findings = [warning(f"{h.problem}: \"{h.text}\"", display, h.field, line_of(source, h.text)) for h in hard]
    overall = overall_grade(texts)
    if all(h.jargon for h in hard) and overall is not None and overall > MAX_GRADE:
        field, hardest = max(texts, key=lambda item: grade(sentence(item[1])) if item[1].strip() else 0)
        findings.append(warning(
            f"reads at about grade {overall:.0f} taken together; aim for grade {MAX_GRADE:.0f} or lower "
            f"(short sentences, everyday words). Hardest: \"{hardest}\"", display, field, line_of(source, hardest)))
    return findings


def safety_wording(field_lines: Iterable[tuple[str, str]], display: str, source: str) -> list[Finding]:
    """Warn where a line's wording says the opposite of the heading it will print under."""
    findings = []
    for field, text in field_lines:
        if "mistakes" in field and reads_like_instruction(text):
            findings.append(warning(
                f"\"{text}\" reads like an instruction, but it will print under \"Mistakes to avoid\", "
                "which turns it around. Move it to `cautions`, or say the mistake (\"Letting your knee fall in.\")",
                display, field, line_of(source, text)))
        elif "cautions" in field and reads_like_mistake(text):
            findings.append(warning(
                f"\"{text}\" reads like a mistake, but it will print under \"Stay safe\" as if to do it. "
                "Move it to `mistakes`, or say what to do (\"Breathe out as you lift.\")",
                display, field, line_of(source, text)))
    return findings


def _card_lines(exercise: Exercise) -> list[tuple[str, str]]:
    lines = [(f"mistakes[{i}]", t) for i, t in enumerate(exercise.mistakes)]
    lines += [(f"cautions[{i}]", t) for i, t in enumerate(exercise.cautions)]
    for i, level in enumerate(exercise.levels):
        lines += [(f"levels[{i}].mistakes[{j}]", t) for j, t in enumerate(level.mistakes or ())]
        lines += [(f"levels[{i}].cautions[{j}]", t) for j, t in enumerate(level.cautions or ())]
    return lines


# The body positions a step can name; a variant that names one its exercise does not has moved the patient.
POSITIONS = {
    "lying": ("lie", "lying", "on your back", "on your front", "on your side"),
    "sitting": ("sit", "sitting", "seated"),
    "standing": ("stand", "standing"),
    "kneeling": ("kneel", "kneeling", "hands and knees", "all fours"),
}


def positions(texts: Iterable[str | None]) -> set[str]:
    words = " ".join(f" {t.lower()} " for t in texts if t)
    return {name for name, phrases in POSITIONS.items()
            if any(re.search(rf"\b{re.escape(p)}\b", words) for p in phrases)}


def level_positions(exercise: Exercise, display: str) -> list[Finding]:
    """A variant that moves the patient (standing to lying) needs its own start and picture.

    Without them its card prints the exercise's start and picture beside steps
    done in another position, and the patient is told two different things.
    """
    base = positions([exercise.starting_position, *exercise.steps])
    findings = []
    for i, level in enumerate(exercise.levels):
        if level.is_link or not level.steps:
            continue
        moved = positions([level.starting_position, *level.steps]) - base
        if not moved:
            continue
        missing = [name for name, value in (("starting_position", level.starting_position),
                                             ("picture", level.picture)) if value is None]
        if missing:
            findings.append(warning(
                f"level {level.step} ('{level.name}') puts the patient in another position "
                f"({', '.join(sorted(moved))}) than the exercise, but has no {' and no '.join(missing)} of its own, "
                "so the card shows the "
                "standard level's beside its steps: give the level its own", display, f"levels[{i}].{missing[0]}"))
    return findings


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def retired_fields(source: str, display: str) -> list[Finding]:
    """A top-level field clinic no longer reads: the line to delete."""
    found = []
    header = re.search(r"^\s*\[", source, re.M)  # keys after the first [table] are not the exercise's own
    top_level = source[: header.start()] if header else source
    for name in RETIRED_FIELDS:
        match = re.search(rf"^\s*{name}\s*=", top_level, re.M)
        if match:
            line = source.count("\n", 0, match.start()) + 1
            found.append(warning("clinic no longer reads this field (it printed nowhere): delete the line",
                                 display, name, line))
    return found


def advise(root: Path, exercises: Iterable[Exercise], protocols: Iterable[Protocol]) -> list[Finding]:
    findings: list[Finding] = []
    exercises = list(exercises)
    for exercise in exercises:
        stem = exercise.id.split(".", 1)[1]
        display = f"{root.name}/exercises/{stem}.toml"
        source = _source(root / "exercises" / f"{stem}.toml")
        findings.extend(reading_level(list(exercise_texts(exercise)), display, source))
        findings.extend(safety_wording(_card_lines(exercise), display, source))
        findings.extend(retired_fields(source, display))
        findings.extend(level_positions(exercise, display))
        if not exercise.levels:
            findings.append(warning("no easier or harder level: add at least one [[levels]]", display, "levels"))
        if not exercise.references:
            findings.append(warning("no reference: add a [[references]] citation for the dose", display, "references"))
    protocols = list(protocols)
    findings.extend(check_translations(root, exercises, protocols))
    for protocol in protocols:
        stem = protocol.id.split(".", 1)[1]
        display = f"{root.name}/protocols/{stem}.toml"
        source = _source(root / "protocols" / f"{stem}.toml")
        findings.extend(reading_level(list(protocol_texts(protocol)), display, source))
        findings.extend(safety_wording(((f"mistakes[{i}]", t) for i, t in enumerate(protocol.mistakes)),
                                       display, source))
        if not protocol.references:
            findings.append(warning("no reference: add a [[references]] citation", display, "references"))
    return findings
