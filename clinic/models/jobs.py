"""Render jobs: a handout export waiting for, or done by, a render worker.

The job row, not the queue, is the record of an export: it holds the snapshot
the therapist clicked on, its status for the progress line, and once rendered
the one issued handout it produced. The queue only carries the job's id, so a
message delivered twice (a worker died mid-job and the job was retried) finds
the row already done and writes nothing more (``clinic.jobs.render``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db
from clinic.models.common import utcnow

QUEUED, RENDERING, DONE, FAILED = "queued", "rendering", "done", "failed"
JOB_STATUSES = (QUEUED, RENDERING, DONE, FAILED)


class PrintBatch(db.Model):
    """Handouts asked for together ("Print all handouts due"), followed on one progress bar."""

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RenderJob(db.Model):
    """One handout to render and record, exactly once whatever the retries."""

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"), index=True)
    programme_version: Mapped[int]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("print_batch.id", ondelete="CASCADE"), nullable=True, index=True)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    """What the therapist clicked on: later edits of the programme do not change this handout."""
    content_key: Mapped[str] = mapped_column(String(64))
    base_url: Mapped[str] = mapped_column(String(200), default="")
    """Where the printed patient link points (the address the export was asked from); empty: none."""
    status: Mapped[str] = mapped_column(String(12), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    """Why the last attempt failed, in words for the therapist."""
    worker: Mapped[str] = mapped_column(String(120), default="")
    issued_handout_id: Mapped[int | None] = mapped_column(
        ForeignKey("issued_handout.id", ondelete="SET NULL"), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)
