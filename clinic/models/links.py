"""Patient links: the web address printed on a handout, and what the patient logs through it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow


class PatientLink(db.Model):
    """One printed link to one issued handout's content, with no patient account behind it.

    Only ``token_hash`` identifies a link from the outside; the plain token is
    never stored. ``nonce`` lets the app (which also knows the secret key)
    derive the same token again for a reprint, but the database alone does not
    reveal it (``clinic.services.patient_links``).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    base_url: Mapped[str] = mapped_column(String(200))
    """The address the link was printed with, so a reprint prints the very same URL."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    """Set by the therapist's revoke or renew, and when a new handout of the programme retires it."""

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.revoked_at is None and now < self.expires_at


class ExerciseCheckIn(db.Model):
    """Done or not done, for one exercise on one day; a second answer that day replaces the first."""

    __table_args__ = (UniqueConstraint("link_id", "day", "exercise_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("patient_link.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    exercise_number: Mapped[int]
    """The card number printed on the handout (1 is the first card)."""
    exercise_id: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DayCheckIn(db.Model):
    """The next-morning pain (0-10) and a short note for one day; one row per link and day."""

    __table_args__ = (UniqueConstraint("link_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("patient_link.id", ondelete="CASCADE"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    pain: Mapped[int | None] = mapped_column(nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
