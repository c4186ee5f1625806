"""What changed between two handouts of one programme, for the patient's "What changed" box.

Compared on the snapshots alone, on what the therapist set: which exercises,
at which level, with which dosage. The words on paper follow from those and
from the language, and a language or print-size change is not a change of the
programme, so words are compared only between two handouts in one language
(where they also catch a reworded dosage). What the box prints is in the new
handout's language.
"""

from __future__ import annotations

from typing import Any

from clinic.exercise_data import Dosage, describe_dosage
from clinic.services.localize import Localizer


def _by_id(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for exercise in snapshot.get("exercises", []):
        found.setdefault(exercise["id"], exercise)
    return found


def _dosage_words(exercise: dict[str, Any], language: str) -> str:
    """An earlier handout's dosage, phrased again in the new handout's language."""
    return describe_dosage(Dosage.model_validate(exercise.get("dosage") or {}), language)


def _level_before(was: dict[str, Any], language: str, same_language: bool) -> str:
    """The earlier rung's name; across languages its label ("Easier"), as the old name is in the old language."""
    return was["name"] if same_language else Localizer(language).level_label(was["level"]["step"])


def compare_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """Added and removed exercises, level and dosage changes; None when nothing differs."""
    before, after = _by_id(old), _by_id(new)
    added = [after[i]["name"] for i in after if i not in before]
    removed = [before[i]["name"] for i in before if i not in after]
    level, dosage = [], []
    language = new.get("language", "en")
    same_language = old.get("language", "en") == language
    for exercise_id in (i for i in after if i in before):
        was, now = before[exercise_id], after[exercise_id]
        if was["level"]["step"] != now["level"]["step"]:
            level.append({"name": now["base_name"], "before": _level_before(was, language, same_language),
                          "after": now["name"]})
        if was.get("dosage") != now.get("dosage") or (same_language and was["dosage_text"] != now["dosage_text"]):
            before_words = was["dosage_text"] if same_language else _dosage_words(was, language)
            dosage.append({"name": now["name"], "before": before_words, "after": now["dosage_text"]})
    if not (added or removed or level or dosage):
        return None
    return {
        "previous_date": old.get("date"),
        "added": added,
        "removed": removed,
        "level": level,
        "dosage": dosage,
    }
