"""Clinics and the people who sign in to them."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db import db
from clinic.models.common import utcnow


class Clinic(db.Model):
    """The unit of isolation: every patient, programme and handout belongs to one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    # Where the clinic is (ISO 3166 code) gives the emergency number a handout prints,
    # unless the clinic sets its own (see clinic.services.emergency).
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")
    emergency_number: Mapped[str] = mapped_column(String(10), default="", server_default="")
    patient_link_days: Mapped[int] = mapped_column(default=90, server_default="90")
    """How long the patient link printed on a handout works, in days."""
    patient_page_initials: Mapped[bool] = mapped_column(default=False, server_default="0")
    """Greet the patient on their link's page by initials ("J. L.") instead of their first name."""
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    logo_mimetype: Mapped[str | None] = mapped_column(String(50), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="clinic")


class User(UserMixin, db.Model):
    """A therapist, an admin or a contributor (plugins only, no patients) of one clinic."""

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="therapist")
    active: Mapped[bool] = mapped_column(default=True)
    ui_language: Mapped[str] = mapped_column(String(10), default="en")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    """Raised to end every session of the user at once (sign-out, deactivation, new password)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    clinic: Mapped[Clinic] = relationship(back_populates="users")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_contributor(self) -> bool:
        """A contributor writes plugins in the studio and sees no patient at all."""
        return self.role == "contributor"

    @property
    def may_use_studio(self) -> bool:
        return self.role in ("admin", "contributor")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active
