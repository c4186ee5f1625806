"""What changed since the patient's last printed handout, in words a therapist can scan.

Both sides are resolved programmes (the issued snapshot and the programme as it
is now), so the comparison sees exactly what the patient would read.
"""

from __future__ import annotations

from typing import Any

from clinic.db import db
from clinic.models import IssuedHandout, Programme


def last_issued(programme: Programme) -> IssuedHandout | None:
    return db.session.execute(
        db.select(IssuedHandout)
        .filter_by(programme_id=programme.id)
        .order_by(IssuedHandout.issued_at.desc(), IssuedHandout.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _by_id(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in snapshot.get("exercises", [])}


def _texts(rows: list[dict[str, Any]] | None, key: str = "text") -> list[str]:
    return [r.get(key, "") for r in rows or []]


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Plain sentences, one per change; an empty list means the handout would be the same."""
    changes: list[str] = []
    before, after = _by_id(old), _by_id(new)
    for exercise_id, item in after.items():
        was = before.get(exercise_id)
        if was is None:
            changes.append(f"Added {item['name']}.")
            continue
        if was["level"]["step"] != item["level"]["step"]:
            changes.append(f"{was['name']} is now {item['name']} ({item['level']['label'].lower()}).")
        if was["dosage_text"] != item["dosage_text"]:
            changes.append(f"{item['name']}: {was['dosage_text']} → {item['dosage_text']}.")
        if was.get("note") != item.get("note"):
            changes.append(f"{item['name']}: note changed.")
    changes += [f"Removed {was['name']}." for exercise_id, was in before.items() if exercise_id not in after]
    if [e for e in before if e in after] != [e for e in after if e in before]:
        changes.append("The order of the exercises changed.")
    old_programme, new_programme = old.get("programme", {}), new.get("programme", {})
    if old_programme.get("goal") != new_programme.get("goal"):
        changes.append("The goal changed.")
    if (old.get("pain_rule") or {}) != (new.get("pain_rule") or {}):
        changes.append("The pain rule changed.")
    if _texts(old.get("referrals")) != _texts(new.get("referrals")):
        changes.append("The 'when to get help' advice changed.")
    if old.get("schedule") != new.get("schedule"):
        changes.append("The schedule changed.")
    if _texts(old.get("progression_rules")) != _texts(new.get("progression_rules")):
        changes.append("The progression rules changed.")
    return changes
