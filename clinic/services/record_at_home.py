"""What the patient sent from home in their portable record: links with their check-ins, and outcome scores.

A link's token is a credential of the exporting clinic (an HMAC of its secret
key), so it never travels: the record keeps each link's dates and what was
sent through it. An imported link is a stopped one with an unguessable hash,
there so its check-ins keep their days, cards and handout; it opens no page.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from clinic.db import db
from clinic.models import DayCheckIn, ExerciseCheckIn, OutcomeSchedule, OutcomeScore, Patient, PatientLink
from clinic.models.common import utcnow

Short = Annotated[str, Field(max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExerciseCheckInRecord(_Strict):
    day: date
    exercise_number: Annotated[int, Field(ge=1, le=500)]
    exercise_id: Annotated[str, Field(max_length=200)]
    done: bool


class DayCheckInRecord(_Strict):
    day: date
    pain: Annotated[int, Field(ge=0, le=10)] | None = None
    note: Annotated[str, Field(max_length=500)] = ""


class LinkRecord(_Strict):
    """A patient link's dates and check-ins; never its token, nonce or hash."""

    programme: Annotated[int, Field(ge=0)]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    exercise_check_ins: Annotated[list[ExerciseCheckInRecord], Field(max_length=20000)] = []
    day_check_ins: Annotated[list[DayCheckInRecord], Field(max_length=5000)] = []

    @model_validator(mode="after")
    def _one_answer_a_day(self) -> LinkRecord:
        cards = [(c.day, c.exercise_number) for c in self.exercise_check_ins]
        days = [d.day for d in self.day_check_ins]
        if len(set(cards)) != len(cards) or len(set(days)) != len(days):
            raise ValueError("a link holds two check-ins for the same day")
        return self


class ScoreAnswer(_Strict):
    item: Annotated[str, Field(min_length=1, max_length=100)]
    rating: Annotated[int, Field(ge=-1000, le=1000)]


class ScoreRecord(_Strict):
    scale_id: Annotated[str, Field(min_length=1, max_length=80)]
    scale_name: Short
    score_low: float
    score_high: float
    day: date
    score: float
    answers: Annotated[list[ScoreAnswer], Field(max_length=50)] = []
    by_patient: bool = False
    link: Annotated[int, Field(ge=0)] | None = None
    """Index of the link in this record's ``links`` it was answered through."""
    created_at: datetime | None = None

    @model_validator(mode="after")
    def _in_range(self) -> ScoreRecord:
        if not self.score_low <= self.score <= self.score_high:
            raise ValueError("a score lies outside its scale's range")
        return self


class ScheduleRecord(_Strict):
    scale_id: Annotated[str, Field(min_length=1, max_length=80)]
    every_days: Annotated[int, Field(ge=1, le=365)]


def export_links(patient: Patient, programme_index: dict[int, int]) -> tuple[list[LinkRecord], dict[int, int]]:
    """The patient's links in the record, and each link id's index among them."""
    links = list(db.session.execute(
        db.select(PatientLink).filter_by(patient_id=patient.id).order_by(PatientLink.id)).scalars())
    index = {link.id: n for n, link in enumerate(links)}
    cards: dict[int, list[ExerciseCheckInRecord]] = {}
    for row in db.session.execute(db.select(ExerciseCheckIn).filter_by(patient_id=patient.id)
                                  .order_by(ExerciseCheckIn.day, ExerciseCheckIn.exercise_number)).scalars():
        cards.setdefault(row.link_id, []).append(ExerciseCheckInRecord.model_validate(row, from_attributes=True))
    days: dict[int, list[DayCheckInRecord]] = {}
    for row in db.session.execute(db.select(DayCheckIn).filter_by(patient_id=patient.id)
                                  .order_by(DayCheckIn.day)).scalars():
        days.setdefault(row.link_id, []).append(DayCheckInRecord.model_validate(row, from_attributes=True))
    records = [LinkRecord(programme=programme_index[link.programme_id], created_at=link.created_at,
                          expires_at=link.expires_at, revoked_at=link.revoked_at,
                          exercise_check_ins=cards.get(link.id, []), day_check_ins=days.get(link.id, []))
               for link in links]
    return records, index


def export_scores(patient: Patient, link_index: dict[int, int]) -> list[ScoreRecord]:
    rows = db.session.execute(db.select(OutcomeScore).filter_by(patient_id=patient.id)
                              .order_by(OutcomeScore.day, OutcomeScore.id)).scalars()
    return [ScoreRecord(scale_id=r.scale_id, scale_name=r.scale_name, score_low=r.score_low,
                        score_high=r.score_high, day=r.day, score=r.score,
                        answers=[ScoreAnswer.model_validate(a) for a in r.answers], by_patient=r.by_patient,
                        link=link_index.get(r.link_id) if r.link_id else None, created_at=r.created_at)
            for r in rows]


def export_schedule(patient: Patient) -> ScheduleRecord | None:
    row = db.session.execute(db.select(OutcomeSchedule).filter_by(patient_id=patient.id)).scalar_one_or_none()
    return ScheduleRecord(scale_id=row.scale_id, every_days=row.every_days) if row else None


def import_links(records: list[LinkRecord], patient: Patient, programme_ids: list[int]) -> list[PatientLink]:
    """Stopped links holding the record's check-ins; nothing anyone holds can open them."""
    links = []
    for record in records:
        unguessable = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        link = PatientLink(clinic_id=patient.clinic_id, patient_id=patient.id,
                           programme_id=programme_ids[record.programme], nonce=secrets.token_hex(16),
                           token_hash=unguessable, base_url="", created_at=record.created_at,
                           expires_at=record.expires_at, revoked_at=record.revoked_at or utcnow())
        db.session.add(link)
        links.append(link)
    db.session.flush()
    for record, link in zip(records, links, strict=True):
        db.session.add_all([ExerciseCheckIn(link_id=link.id, patient_id=patient.id, **c.model_dump())
                            for c in record.exercise_check_ins])
        db.session.add_all([DayCheckIn(link_id=link.id, patient_id=patient.id, **d.model_dump())
                            for d in record.day_check_ins])
    return links


def import_scores(records: list[ScoreRecord], schedule: ScheduleRecord | None, patient: Patient,
                  links: list[PatientLink]) -> None:
    for record in records:
        fields: dict[str, Any] = record.model_dump(exclude={"link", "created_at", "answers"})
        db.session.add(OutcomeScore(
            clinic_id=patient.clinic_id, patient_id=patient.id, **fields,
            answers=[a.model_dump() for a in record.answers],
            link_id=links[record.link].id if record.link is not None else None,
            created_at=record.created_at or utcnow()))
    if schedule is not None:
        db.session.add(OutcomeSchedule(clinic_id=patient.clinic_id, patient_id=patient.id,
                                       scale_id=schedule.scale_id, every_days=schedule.every_days))
