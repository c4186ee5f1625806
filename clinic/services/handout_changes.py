"""What changed since the patient's last printed handout, in words a therapist can scan.

Both sides are resolved programmes (the issued snapshot and the programme as it
is now), so the comparison sees exactly what the patient would read.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from clinic.db import db
from clinic.handout.changes import compare_snapshots
from clinic.models import IssuedHandout, Programme


def last_issued(programme: Programme) -> IssuedHandout | None:
    return db.session.execute(
        db.select(IssuedHandout)
        .filter_by(programme_id=programme.id)
        .order_by(IssuedHandout.issued_at.desc(), IssuedHandout.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _texts(rows: list[dict[str, Any]] | None, key: str = "text") -> list[str]:
    return [r.get(key, "") for r in rows or []]


def _ids(snapshot: dict[str, Any]) -> list[str]:
    return [e["id"] for e in snapshot.get("exercises", [])]


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Plain sentences in the page language, one per change; an empty list means the handout would be the same.

    Exercise changes come from the handout's own comparison (its "What changed"
    box); the programme-wide parts a therapist edits in the builder are added here.
    """
    changes: list[str] = []
    diff = compare_snapshots(old, new) or {"added": [], "removed": [], "level": [], "dosage": []}
    changes += [gettext("Added %(name)s.", name=name) for name in diff["added"]]
    changes += [gettext("Removed %(name)s.", name=name) for name in diff["removed"]]
    changes += [gettext("%(before)s is now %(after)s.", before=c["before"], after=c["after"]) for c in diff["level"]]
    changes += [gettext("%(name)s: %(before)s → %(after)s.", name=c["name"], before=c["before"], after=c["after"])
                for c in diff["dosage"]]
    notes_before = {e["id"]: e.get("note") for e in old.get("exercises", [])}
    changes += [gettext("%(name)s: note changed.", name=e["name"]) for e in new.get("exercises", [])
                if e["id"] in notes_before and notes_before[e["id"]] != e.get("note")]
    kept_before = [i for i in _ids(old) if i in _ids(new)]
    if kept_before != [i for i in _ids(new) if i in _ids(old)]:
        changes.append(gettext("The order of the exercises changed."))
    old_programme, new_programme = old.get("programme", {}), new.get("programme", {})
    if old_programme.get("goal") != new_programme.get("goal"):
        changes.append(gettext("The goal changed."))
    if (old.get("pain_rule") or {}) != (new.get("pain_rule") or {}):
        changes.append(gettext("The pain rule changed."))
    if _texts(old.get("referrals")) != _texts(new.get("referrals")):
        changes.append(gettext("The 'when to get help' advice changed."))
    if old.get("schedule") != new.get("schedule"):
        changes.append(gettext("The schedule changed."))
    if _texts(old.get("progression_rules")) != _texts(new.get("progression_rules")):
        changes.append(gettext("The progression rules changed."))
    return changes
