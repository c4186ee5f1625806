"""Print runs: every handout a clinic has due, as one batch of render jobs.

A handout is *due* when its programme was never printed, or was changed
since its latest handout (its version moved on): what the morning's
patients should take home and do not have yet. Archived patients and
programmes, clinic templates and empty programmes are never due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func

from clinic.db import db
from clinic.handout.issue import HandoutRefused
from clinic.handout.options import HandoutOptions
from clinic.jobs.create import new_render_job
from clinic.models import IssuedHandout, Patient, PrintBatch, Programme, ProgrammeItem, RenderJob, User


def due_programmes(clinic_id: int) -> Sequence[Programme]:
    """This clinic's programmes whose handout is due, by patient name."""
    printed = (db.select(IssuedHandout.programme_id, func.max(IssuedHandout.programme_version).label("version"))
               .where(IssuedHandout.clinic_id == clinic_id).group_by(IssuedHandout.programme_id).subquery())
    has_items = db.select(ProgrammeItem.id).where(ProgrammeItem.programme_id == Programme.id).exists()
    return db.session.execute(
        db.select(Programme).join(Patient, Patient.id == Programme.patient_id)
        .outerjoin(printed, printed.c.programme_id == Programme.id)
        .where(Programme.clinic_id == clinic_id, Programme.is_template.is_(False),
               Programme.archived_at.is_(None), Patient.archived_at.is_(None), has_items,
               (printed.c.version.is_(None)) | (printed.c.version < Programme.version))
        .order_by(Patient.display_name, Programme.id)
    ).scalars().all()


@dataclass
class BatchStart:
    batch: PrintBatch
    jobs: list[RenderJob] = field(default_factory=list)
    refused: list[tuple[Programme, str]] = field(default_factory=list)
    """Programmes that cannot print as they stand, with the reason; the others go ahead."""


def start_batch(clinic_id: int, requester: User | None, programmes: Sequence[Programme]) -> BatchStart:
    """A batch of queued jobs, one per programme, each in its patient's own print options; the caller commits."""
    batch = PrintBatch(clinic_id=clinic_id, requested_by_id=requester.id if requester else None)
    db.session.add(batch)
    db.session.flush()
    started = BatchStart(batch)
    for programme in programmes:
        assert programme.patient is not None  # due_programmes only returns patients' programmes
        try:
            with db.session.begin_nested():
                started.jobs.append(new_render_job(
                    programme, requester, HandoutOptions.for_patient(programme.patient), batch))
        except HandoutRefused as refusal:
            started.refused.append((programme, str(refusal)))
    return started


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def complete(self) -> bool:
        return self.finished >= self.total


def batch_progress(batch_id: int) -> Progress:
    counts = dict(db.session.execute(
        db.select(RenderJob.status, func.count()).where(RenderJob.batch_id == batch_id).group_by(RenderJob.status)
    ).all())
    return Progress(total=sum(counts.values()), done=counts.get("done", 0), failed=counts.get("failed", 0))


def batch_jobs(batch_id: int) -> Sequence[RenderJob]:
    return db.session.execute(
        db.select(RenderJob).where(RenderJob.batch_id == batch_id).order_by(RenderJob.id)).scalars().all()
