"""Issued handouts: immutable snapshots of what a patient was given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Select, String, desc, select
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow


class IssuedHandout(db.Model):
    """The programme resolved to plain data at export time.

    A reprint renders from ``snapshot`` alone, so it stays the same after a
    plugin is edited or removed.
    """

    __table_args__ = (
        # Every export asks which checksums were recorded for its content and link
        # (``clinic.handout.issue._recorded_sha256s``). Answered from this index alone:
        # ``pdf_sha256`` is stored after the ~150 KB snapshot, so reading it from the
        # table walks that row's overflow pages, once for every earlier copy.
        Index("ix_issued_handout_checksums", "content_key", "clinic_id", "patient_link_id", "pdf_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    programme_version: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    plugin_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    content_key: Mapped[str] = mapped_column(String(64), index=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    patient_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("patient_link.id", ondelete="SET NULL"), nullable=True, index=True)
    """The patient link printed on it; an unchanged re-export prints the same one (docs/decisions.md)."""

    @classmethod
    def latest_of(cls, programme_id: int | None, *columns: Any) -> Select:
        """The query for a programme's latest handout (or only ``columns`` of it).

        Latest by time, then by id: two exports in one clock tick still have an order.
        The latest row is chosen by id in a subquery first: the sort then reads only
        columns stored before ``snapshot``, whereas reading any column after it
        (``content_key``) makes SQLite walk every row's ~150 KB overflow chain.
        """
        latest = (select(cls.id).where(cls.programme_id == programme_id)
                  .order_by(desc(cls.issued_at), desc(cls.id)).limit(1).scalar_subquery())
        return (select(*columns) if columns else select(cls)).where(cls.id == latest)
