"""A therapist's starred exercises: their own short list inside a large library."""

from __future__ import annotations

from clinic.db import db
from clinic.models import FavouriteExercise


def favourite_ids(user_id: int) -> set[str]:
    rows = db.session.execute(db.select(FavouriteExercise.exercise_id).filter_by(user_id=user_id)).scalars()
    return set(rows)


def set_favourite(user_id: int, exercise_id: str, starred: bool) -> bool:
    """Star or unstar; saying the same twice changes nothing (a double click is harmless)."""
    found = db.session.get(FavouriteExercise, (user_id, exercise_id))
    if starred and found is None:
        db.session.add(FavouriteExercise(user_id=user_id, exercise_id=exercise_id))
    elif not starred and found is not None:
        db.session.delete(found)
    db.session.commit()
    return starred
