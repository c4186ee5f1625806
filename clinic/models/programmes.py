"""Programmes and their items: what the therapist builds for one patient."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db import db
from clinic.models.common import utcnow


class Programme(db.Model):
    """A patient's programme, or a clinic template when ``patient_id`` is empty.

    ``version`` rises on every saved change; SQLAlchemy checks it on UPDATE, so
    two writers that started from one version cannot both succeed.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), index=True, nullable=True
    )
    title: Mapped[str] = mapped_column(String(200), default="Home exercise programme")
    goal: Mapped[str] = mapped_column(Text, default="")
    protocol_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    is_template: Mapped[bool] = mapped_column(default=False)
    pain_rule: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    referrals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    progression_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    items: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="programme",
        order_by="ProgrammeItem.position",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class ProgrammeItem(db.Model):
    """One exercise in a programme, at a level, with the therapist's dosage changes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str] = mapped_column(String(120))
    section: Mapped[str] = mapped_column(String(40), default="main")
    level: Mapped[int] = mapped_column(default=0)
    dosage: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship(back_populates="items")
