"""Patients: the minimum personal data a handout needs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow


class Patient(db.Model):
    """One clinic's patient; archived rather than deleted, except on an erasure request."""

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(nullable=True)
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    large_print: Mapped[bool] = mapped_column(default=False)
    paper_size: Mapped[str] = mapped_column(String(10), default="A4")
    archived_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def last_name(self) -> str:
        """The last word of the name, for file names such as ``Lee-programme-2026-11-24.pdf``."""
        parts = self.display_name.split()
        return parts[-1] if parts else "patient"
