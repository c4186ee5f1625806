"""How hard a plugin's patient-facing text is to read: one rule for check-plugin and for the shipped plugins' test.

Patients read handouts alone at home. The text of an exercise (or a protocol)
is graded together (Flesch-Kincaid, via textstat), and every longer field on
its own, so one hard sentence cannot hide among short ones; every field over
the limit is reported at once. Jargon is caught by a word list as well, since
a formula counts syllables and "prone" has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import textstat

from clinic.exercise_data import Exercise, Protocol

MAX_GRADE = 7.0
LONG_TEXT_WORDS = 12
"""A field this long is graded on its own too; a shorter one is too short for the formula to mean much."""

# Clinical words a patient may not know, with everyday words to use instead.
JARGON: dict[str, str] = {
    "abduction": "moving the leg or arm out to the side",
    "adduction": "moving the leg or arm in towards the body",
    "anterior": "front",
    "posterior": "back",
    "bilateral": "both sides",
    "unilateral": "one side",
    "contralateral": "the other side",
    "ipsilateral": "the same side",
    "distal": "further from the body",
    "proximal": "closer to the body",
    "dorsiflexion": "pulling the toes up",
    "plantarflexion": "pointing the toes",
    "supine": "lying on your back",
    "prone": "lying on your front",
    "isometric": "pushing without moving",
    "eccentric": "lowering slowly",
    "concentric": "lifting",
    "repetitions": "times",
    "discontinue": "stop",
    "exacerbate": "make worse",
    "exacerbation": "flare-up",
    "symptomatology": "symptoms",
    "musculature": "muscles",
    "ambulate": "walk",
    "ambulation": "walking",
    "cervical": "neck",
    "lumbar": "lower back",
    "thoracic": "upper back",
    "scapula": "shoulder blade",
    "scapular": "shoulder blade",
    "patella": "kneecap",
    "quadriceps": "thigh muscles",
    "gluteal": "buttock",
    "radiating": "spreading",
    "paraesthesia": "pins and needles",
    "paresthesia": "pins and needles",
}
_JARGON = re.compile(r"\b(" + "|".join(JARGON) + r")\b", re.I)


@dataclass(frozen=True)
class HardText:
    field: str
    text: str
    problem: str
    jargon: bool = False
    """True for a word-list finding, False for a grade over the limit."""


def exercise_texts(exercise: Exercise) -> Iterator[tuple[str, str]]:
    """(field, text) for every string of an exercise a patient reads; names are left out (therapists' words)."""
    yield "summary", exercise.summary
    if exercise.starting_position:
        yield "starting_position", exercise.starting_position
    for name in ("steps", "mistakes", "cues", "cautions"):
        yield from ((f"{name}[{i}]", text) for i, text in enumerate(getattr(exercise, name)))
    if exercise.feel:
        yield "feel", exercise.feel
    for i, picture in enumerate(exercise.pictures):
        yield f"pictures[{i}].alt", picture.alt
        if picture.caption:
            yield f"pictures[{i}].caption", picture.caption
    for i, level in enumerate(exercise.levels):
        yield f"levels[{i}].criterion", level.criterion
        for name in ("summary", "starting_position", "feel"):
            if getattr(level, name):
                yield f"levels[{i}].{name}", getattr(level, name)
        for name in ("steps", "mistakes", "cautions"):
            yield from ((f"levels[{i}].{name}[{j}]", text) for j, text in enumerate(getattr(level, name) or ()))
        if level.picture:
            yield f"levels[{i}].picture.alt", level.picture.alt


def protocol_texts(protocol: Protocol) -> Iterator[tuple[str, str]]:
    """(field, text) for every string of a protocol the handout prints."""
    yield "summary", protocol.summary
    yield "goal", protocol.goal
    for i, section in enumerate(protocol.sections):
        yield f"sections[{i}].instructions", section.instructions
        yield from ((f"sections[{i}].items[{j}].note", item.note) for j, item in enumerate(section.items)
                    if item.note)
    for i, entry in enumerate(protocol.schedule):
        yield from ((f"schedule[{i}].what[{j}]", text) for j, text in enumerate(entry.what))
    yield from ((f"activity_changes[{i}]", t) for i, t in enumerate(protocol.activity_changes))
    yield from ((f"progression_rules[{i}].text", r.text) for i, r in enumerate(protocol.progression_rules))
    yield from ((f"mistakes[{i}]", t) for i, t in enumerate(protocol.mistakes))
    for i, row in enumerate(protocol.flare_up):
        yield f"flare_up[{i}].avoid", row.avoid
        yield f"flare_up[{i}].instead", row.instead
    yield "pain_rule.wording", protocol.pain_rule.wording
    yield from ((f"referrals[{i}].text", r.text) for i, r in enumerate(protocol.referrals))


def sentence(text: str) -> str:
    """End each item with a full stop so a list is not graded as one long sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def overall_grade(texts: list[tuple[str, str]]) -> float | None:
    combined = " ".join(sentence(t) for _, t in texts if t.strip())
    return grade(combined) if combined else None


def hard_texts(texts: list[tuple[str, str]]) -> list[HardText]:
    """Every field too hard on its own (a long one over the grade, or one using jargon), in order."""
    found = []
    for field, text in texts:
        if len(text.split()) > LONG_TEXT_WORDS and (level := grade(sentence(text))) > MAX_GRADE:
            found.append(HardText(field, text, f"reads at about grade {level:.0f}; aim for grade {MAX_GRADE:.0f} "
                                               "or lower (short sentences, everyday words)"))
        words = list(dict.fromkeys(m.group(1).lower() for m in _JARGON.finditer(text)))
        if words:
            plain = "; ".join(f"'{w}': say \"{JARGON[w]}\"" for w in words)
            found.append(HardText(field, text, f"uses words many patients do not know ({plain})", jargon=True))
    return found
