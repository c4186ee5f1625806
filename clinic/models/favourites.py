"""The exercises each therapist has starred, so the few they use most are one filter away."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow


class FavouriteExercise(db.Model):
    """One star: a user and an exercise id (ids are plugin-owned, so there is no foreign key to them)."""

    __tablename__ = "favourite_exercise"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
