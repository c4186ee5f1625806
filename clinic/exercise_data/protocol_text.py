"""A protocol's patient-facing text in another language, and how a programme finds it.

A programme copies the protocol's English when it starts, and the therapist may
edit any of it. So translation works by text, not by position: each English
sentence of the protocol maps to its translation, and a programme sentence is
translated only while it still reads exactly as the protocol wrote it. Edited
text is the therapist's own and prints as written (counted as a fallback).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clinic.exercise_data.base import Record

if TYPE_CHECKING:
    from clinic.exercise_data.protocol import Protocol


class SectionText(Record):
    title: str | None = None
    instructions: str | None = None


class ScheduleText(Record):
    when: str | None = None
    what: tuple[str, ...] | None = None


class FlareUpText(Record):
    avoid: str | None = None
    instead: str | None = None


class ProtocolText(Record):
    """One language's text; lists follow the English order and length, any field may be missing."""

    reviewed: bool = False
    name: str | None = None
    condition: str | None = None
    summary: str | None = None
    goal: str | None = None
    sections: dict[str, SectionText] = {}
    notes: dict[str, str] = {}
    """Notes of the protocol's items, keyed by exercise id."""
    schedule: tuple[ScheduleText, ...] | None = None
    activity_changes: tuple[str, ...] | None = None
    progression_rules: tuple[str, ...] | None = None
    mistakes: tuple[str, ...] | None = None
    flare_up: tuple[FlareUpText, ...] | None = None
    pain_rule: str | None = None
    referrals: tuple[str, ...] | None = None


LIST_FIELDS = ("schedule", "activity_changes", "progression_rules", "mistakes", "flare_up", "referrals")
TOP_FIELDS = ("name", "condition", "summary", "goal")


def _english_lists(protocol: Protocol) -> dict[str, int]:
    return {name: len(getattr(protocol, name)) for name in LIST_FIELDS}


def translation_problems(protocol: Protocol) -> list[str]:
    """Ways a translation cannot line up with its English; the loader reports them."""
    problems = []
    keys = {s.key for s in protocol.sections}
    notes = {i.exercise for s in protocol.sections for i in s.items if i.note}
    lengths = _english_lists(protocol)
    for language, text in protocol.translations.items():
        for name, count in lengths.items():
            translated = getattr(text, name)
            if translated is not None and len(translated) != count:
                problems.append(f"translations.{language}.{name} has {len(translated)} entries "
                                f"but the English has {count}")
        problems += [f"translations.{language}.sections.{k}: no section has this key"
                     for k in text.sections if k not in keys]
        problems += [f"translations.{language}.notes.{k}: no item of this exercise has a note"
                     for k in text.notes if k not in notes]
    return problems


def _pair(book: dict[str, str | None], english: str | None, translated: str | None) -> None:
    if english and translated:
        book[english] = translated
    elif english:
        book.setdefault(english, None)


def phrasebook(protocol: Protocol, language: str) -> dict[str, str | None]:
    """Every English sentence of the protocol mapped to its ``language`` translation, or None."""
    text = protocol.translations.get(language) or ProtocolText()
    book: dict[str, str | None] = {}
    for name in TOP_FIELDS:
        _pair(book, getattr(protocol, name), getattr(text, name))
    for section in protocol.sections:
        own = text.sections.get(section.key)
        if own:
            _pair(book, section.title, own.title)
            _pair(book, section.instructions, own.instructions)
        for item in section.items:
            _pair(book, item.note, text.notes.get(item.exercise))
    for entry, own in zip(protocol.schedule, text.schedule or (), strict=False):
        _pair(book, entry.when, own.when)
        for what, translated in zip(entry.what, own.what or (), strict=False):
            _pair(book, what, translated)
    for name in ("activity_changes", "mistakes"):
        for english, translated in zip(getattr(protocol, name), getattr(text, name) or (), strict=False):
            _pair(book, english, translated)
    for rule, translated in zip(protocol.progression_rules, text.progression_rules or (), strict=False):
        _pair(book, rule.text, translated)
    for row, own in zip(protocol.flare_up, text.flare_up or (), strict=False):
        _pair(book, row.avoid, own.avoid)
        _pair(book, row.instead, own.instead)
    for referral, translated in zip(protocol.referrals, text.referrals or (), strict=False):
        _pair(book, referral.text, translated)
    _pair(book, protocol.pain_rule.wording, text.pain_rule)
    return book
