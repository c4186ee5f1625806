"""What changed between two handouts of one programme, for the patient's "What changed" box.

Compared on the snapshots alone (names, levels and dosage words as printed), so
the comparison says exactly what the patient will see differ on paper.
"""

from __future__ import annotations

from typing import Any


def _by_id(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for exercise in snapshot.get("exercises", []):
        found.setdefault(exercise["id"], exercise)
    return found


def compare_snapshots(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """Added and removed exercises, level and dosage changes; None when nothing differs."""
    before, after = _by_id(old), _by_id(new)
    added = [after[i]["name"] for i in after if i not in before]
    removed = [before[i]["name"] for i in before if i not in after]
    level, dosage = [], []
    for exercise_id in (i for i in after if i in before):
        was, now = before[exercise_id], after[exercise_id]
        if was["level"]["step"] != now["level"]["step"]:
            level.append({"name": now["base_name"], "before": was["name"], "after": now["name"]})
        if was["dosage_text"] != now["dosage_text"]:
            dosage.append({"name": now["name"], "before": was["dosage_text"], "after": now["dosage_text"]})
    if not (added or removed or level or dosage):
        return None
    return {
        "previous_date": old.get("date"),
        "added": added,
        "removed": removed,
        "level": level,
        "dosage": dosage,
    }
