"""Translation warnings: a handout falls back to English field by field, silently for the patient.

So the checker says, per exercise and language, which translation is missing,
which fields of one are missing, and which translation file matches no exercise.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from clinic.contributor.findings import Finding, warning
from clinic.exercise_data import Exercise, Protocol
from clinic.exercise_data.exercise import TRANSLATABLE_FIELDS
from clinic.exercise_data.protocol_text import phrasebook

LEVEL_FIELDS = ("name", "criterion", "starting_position", "steps", "feel", "mistakes", "cautions")


def _missing_fields(exercise: Exercise, language: str) -> list[str]:
    text = exercise.translations[language]
    return [name for name in TRANSLATABLE_FIELDS if getattr(exercise, name) and not getattr(text, name)]


def _missing_level_and_picture_texts(exercise: Exercise, language: str) -> list[str]:
    """Level names, criteria and steps and picture descriptions print too (the alt text is read aloud)."""
    text = exercise.translations[language]
    missing = []
    if not text.pictures_alt or len(text.pictures_alt) < len(exercise.pictures):
        missing.append("pictures_alt")
    for level in exercise.levels:
        table = text.levels.get(str(level.step), {})
        missing += [f"levels.{level.step}.{name}" for name in LEVEL_FIELDS
                    if getattr(level, name) and not table.get(name)]
        if level.picture and not table.get("picture_alt"):
            missing.append(f"levels.{level.step}.picture_alt")
    return missing


def check_translations(root: Path, exercises: Iterable[Exercise],
                       protocols: Iterable[Protocol] = ()) -> list[Finding]:
    findings: list[Finding] = []
    exercises = list(exercises)
    protocols = list(protocols)
    languages = sorted({lang for e in exercises for lang in e.translations}
                       | {lang for p in protocols for lang in p.translations})
    for exercise in exercises:
        stem = exercise.id.split(".", 1)[1]
        display = f"{root.name}/exercises/{stem}.toml"
        for language in languages:
            translated = f"{root.name}/exercises/{stem}.{language}.toml"
            if language not in exercise.translations:
                findings.append(
                    warning(
                        f"other exercises have a '{language}' translation but this one does not: "
                        f"add exercises/{stem}.{language}.toml",
                        display,
                        "translations",
                    )
                )
                continue
            if missing := _missing_fields(exercise, language):
                findings.append(
                    warning(f"these fields are not translated and will print in English: {', '.join(missing)}",
                            translated)
                )
            if missing := _missing_level_and_picture_texts(exercise, language):
                findings.append(
                    warning(f"these level and picture texts are not translated and will print in English: "
                            f"{', '.join(missing)}", translated)
                )
            text = exercise.translations[language]
            if text.steps and len(text.steps) != len(exercise.steps):
                findings.append(
                    warning(f"has {len(text.steps)} steps but the English has {len(exercise.steps)}",
                            translated, "steps")
                )
            if not text.reviewed:
                findings.append(
                    warning("not yet checked by a fluent clinician: set reviewed = true once it is",
                            translated, "reviewed")
                )
    findings.extend(_orphans(root, {e.id.split(".", 1)[1] for e in exercises}))
    for protocol in protocols:
        findings.extend(_protocol_findings(root, protocol, languages))
    return findings


def _protocol_findings(root: Path, protocol: Protocol, languages: list[str]) -> list[Finding]:
    """Per language: a missing file, the protocol sentences that would print in English, review."""
    stem = protocol.id.split(".", 1)[1]
    findings = []
    for language in languages:
        translated = f"{root.name}/protocols/{stem}.{language}.toml"
        if language not in protocol.translations:
            findings.append(warning(f"other files have a '{language}' translation but this protocol does not: "
                                    f"add protocols/{stem}.{language}.toml",
                                    f"{root.name}/protocols/{stem}.toml", "translations"))
            continue
        untranslated = [english for english, text in phrasebook(protocol, language).items() if text is None]
        if untranslated:
            findings.append(warning(f"{len(untranslated)} sentences are not translated and will print in "
                                    f"English, first: \"{untranslated[0][:60]}\"", translated))
        if not protocol.translations[language].reviewed:
            findings.append(warning("not yet checked by a fluent clinician: set reviewed = true once it is",
                                    translated, "reviewed"))
    return findings


def _orphans(root: Path, stems: set[str]) -> list[Finding]:
    """A translation file whose exercise file was renamed is never read: say so."""
    folder = root / "exercises"
    found = []
    for path in sorted(folder.glob("*.*.toml")) if folder.is_dir() else []:
        stem = path.name.split(".")[0]
        if stem not in stems and not (folder / f"{stem}.toml").is_file():
            found.append(
                warning(f"no exercise file {stem}.toml, so this translation is never used",
                        f"{root.name}/exercises/{path.name}")
            )
    return found
