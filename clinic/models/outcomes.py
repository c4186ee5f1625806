"""Outcome scores (a PSFS, or a plugin's scale) and how often the patient's page asks for one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow


class OutcomeScore(db.Model):
    """One scored questionnaire: who gave it, on which day, each answer and the score.

    The scale's name and range are kept beside its id, so a score still reads
    (and plots) after the plugin that gave the scale is removed.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("patient_link.id", ondelete="SET NULL"), nullable=True)
    """The link the patient answered through; empty when the therapist recorded it."""
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    scale_id: Mapped[str] = mapped_column(String(80), index=True)
    scale_name: Mapped[str] = mapped_column(String(300))
    score_low: Mapped[float]
    score_high: Mapped[float]
    day: Mapped[date]
    score: Mapped[float]
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """``[{"item": "climbing stairs", "rating": 4}, ...]``: the question id, or the activity the patient named."""
    by_patient: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutcomeSchedule(db.Model):
    """The therapist's "ask the patient for this scale every N days" for one patient."""

    __table_args__ = (UniqueConstraint("patient_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    scale_id: Mapped[str] = mapped_column(String(80))
    every_days: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
