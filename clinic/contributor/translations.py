"""Translation warnings: a handout falls back to English field by field, silently for the patient.

So the checker says, per exercise and language, which translation is missing,
which fields of one are missing, and which translation file matches no exercise.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from clinic.contributor.findings import Finding, warning
from clinic.exercise_data import Exercise
from clinic.exercise_data.exercise import TRANSLATABLE_FIELDS


def _missing_fields(exercise: Exercise, language: str) -> list[str]:
    text = exercise.translations[language]
    return [name for name in TRANSLATABLE_FIELDS if getattr(exercise, name) and not getattr(text, name)]


def check_translations(root: Path, exercises: Iterable[Exercise]) -> list[Finding]:
    findings: list[Finding] = []
    exercises = list(exercises)
    languages = sorted({lang for e in exercises for lang in e.translations})
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
