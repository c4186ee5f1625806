"""Warnings: things that do not stop a plugin loading but make a worse handout.

Patients read handouts alone at home, so the reading level is judged on the
data itself (Flesch-Kincaid grade, via textstat), all of an exercise's text
together, and the hardest single sentence is named so the fix is obvious.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import textstat

from clinic.contributor.findings import Finding, line_of, warning
from clinic.contributor.translations import check_translations
from clinic.exercise_data import Exercise, Protocol
from clinic.exercise_data.exercise import RETIRED_FIELDS

MAX_GRADE = 7.0


def exercise_texts(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """(field, text) for every string a patient reads; names are left out (therapists' words)."""
    yield "summary", exercise.summary
    yield "starting_position", exercise.starting_position
    for name in ("steps", "mistakes", "cues", "cautions"):
        yield from ((f"{name}[{i}]", text) for i, text in enumerate(getattr(exercise, name)))
    yield "feel", exercise.feel
    for i, level in enumerate(exercise.levels):
        yield f"levels[{i}].criterion", level.criterion
        yield from ((f"levels[{i}].steps[{j}]", text) for j, text in enumerate(level.steps or ()))


def protocol_texts(protocol: Protocol) -> Iterator[tuple[str, str]]:
    yield "summary", protocol.summary
    yield "goal", protocol.goal
    for i, section in enumerate(protocol.sections):
        yield f"sections[{i}].instructions", section.instructions
    yield from ((f"activity_changes[{i}]", t) for i, t in enumerate(protocol.activity_changes))
    yield from ((f"progression_rules[{i}].text", r.text) for i, r in enumerate(protocol.progression_rules))
    yield "pain_rule.wording", protocol.pain_rule.wording
    yield from ((f"referrals[{i}].text", r.text) for i, r in enumerate(protocol.referrals))


def _sentence(text: str) -> str:
    """End each item with a full stop so a list is not graded as one long sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def reading_level(texts: list[tuple[str, str]], display: str, source: str) -> list[Finding]:
    combined = " ".join(_sentence(t) for _, t in texts if t.strip())
    if not combined or (overall := grade(combined)) <= MAX_GRADE:
        return []
    field, hardest = max(texts, key=lambda item: grade(_sentence(item[1])) if item[1].strip() else 0)
    return [
        warning(
            f"reads at about grade {overall:.0f}; aim for grade {MAX_GRADE:.0f} or lower "
            f"(short sentences, everyday words). Hardest: \"{hardest}\"",
            display,
            field,
            line_of(source, hardest),
        )
    ]


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
        findings.extend(retired_fields(source, display))
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
        if not protocol.references:
            findings.append(warning("no reference: add a [[references]] citation", display, "references"))
    return findings
