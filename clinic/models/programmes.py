"""Programmes and their items: what the therapist builds for one patient."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.db import db
from clinic.models.checked import ContentJSON, DosageJSON, LevelInt, SectionKeyStr
from clinic.models.common import utcnow
from clinic.models.content import DEFAULT_SECTION, ItemContent, ProgrammeContent, default_section_rows

if TYPE_CHECKING:
    from clinic.models.accounts import Clinic, User
    from clinic.models.patients import Patient


class Programme(db.Model):
    """A patient's programme, or a clinic template when ``patient_id`` is empty.

    ``version`` rises on every saved change; SQLAlchemy checks it on UPDATE, so
    two writers that started from one version cannot both succeed. The JSON
    columns hold exactly the fields of :class:`ProgrammeContent` of the same
    names, checked on the way in and out (``clinic.models.checked``).
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
    protocol_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    pain_rule: Mapped[dict[str, Any] | None] = mapped_column(ContentJSON("pain_rule"), nullable=True)
    referrals: Mapped[list[dict[str, Any]]] = mapped_column(ContentJSON("referrals"), default=list)
    schedule: Mapped[list[dict[str, Any]]] = mapped_column(ContentJSON("schedule"), default=list)
    progression_rules: Mapped[list[dict[str, Any]]] = mapped_column(ContentJSON("progression_rules"),
                                                                     default=list)
    sections: Mapped[list[dict[str, Any]]] = mapped_column(ContentJSON("sections"),
                                                             default=default_section_rows)
    activity_changes: Mapped[list[str]] = mapped_column(ContentJSON("activity_changes"), default=list)
    mistakes: Mapped[list[str]] = mapped_column(ContentJSON("mistakes"), default=list)
    flare_up: Mapped[list[dict[str, Any]]] = mapped_column(ContentJSON("flare_up"), default=list)
    own_language: Mapped[dict[str, list[str]]] = mapped_column(ContentJSON("own_language"), default=dict)
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
    patient: Mapped[Patient | None] = relationship()
    clinic: Mapped[Clinic] = relationship()
    therapist: Mapped[User | None] = relationship()
    """Who made the programme (``created_by_id``): the therapist its handout names."""

    __mapper_args__ = {"version_id_col": version}

    def __init__(self, **fields: Any) -> None:
        """A new programme holds the default sections (and empty lists) before its first flush too."""
        for name in ("referrals", "schedule", "progression_rules", "activity_changes", "mistakes", "flare_up"):
            fields.setdefault(name, [])
        fields.setdefault("sections", default_section_rows())
        fields.setdefault("own_language", {})
        super().__init__(**fields)

    @property
    def content(self) -> ProgrammeContent:
        """This programme's content as the one typed record files and copies are made from."""
        return ProgrammeContent.from_programme(self)

    def replace_content(self, content: ProgrammeContent) -> None:
        """Take every column and item of ``content``; items are numbered in their printed order."""
        for name, value in content.columns().items():
            setattr(self, name, value)
        self.items = [ProgrammeItem.from_content(item, position) for position, item in enumerate(content.items)]


class ProgrammeItem(db.Model):
    """One exercise in a programme, at a level, with the therapist's dosage changes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str] = mapped_column(String(120))
    section: Mapped[str] = mapped_column(SectionKeyStr, default=DEFAULT_SECTION)
    level: Mapped[int] = mapped_column(LevelInt, default=0)
    dosage: Mapped[dict[str, Any]] = mapped_column(DosageJSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship(back_populates="items")

    @classmethod
    def from_content(cls, item: ItemContent, position: int) -> ProgrammeItem:
        return cls(position=position, **item.model_dump(mode="json"))
