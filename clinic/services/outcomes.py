"""Outcome scores: read a scale's answers from a form, save a score, and say when the patient is due one.

The same reader serves the therapist's form at a visit and the patient's page,
so a bad answer gets the same plain message from either, and nothing is saved
unless every answer is good.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext

from clinic.db import db
from clinic.exercise_data import OutcomeScale
from clinic.models import OutcomeSchedule, OutcomeScore, Patient, PatientLink
from clinic.state import catalogue

ITEM_MAX = 100
"""Characters in an activity the patient names ("walking to the shop")."""
DAYS_BACK = 366
"""How far back a therapist may date a score taken on paper."""
EVERY_DAYS_MAX = 365


class ScoreRefused(ValueError):
    """A score that cannot be saved as sent; the message is for the person who typed it."""


@dataclass(frozen=True)
class ScoreAnswers:
    day: date
    items: tuple[tuple[str, int], ...]
    """(question id or the activity named, rating), in the order asked."""


def scales() -> Mapping[str, OutcomeScale]:
    """Every scale the enabled plugins give, the core's PSFS first."""
    return catalogue().scales


def scale_or_none(scale_id: str) -> OutcomeScale | None:
    return scales().get(scale_id)


def _rating(scale: OutcomeScale, text: str, what: str) -> int:
    text = text.strip()
    if not text.isascii() or not text.isdigit() or not scale.low <= int(text) <= scale.high:
        raise ScoreRefused(gettext("Give %(what)s a number from %(low)d to %(high)d.",
                                   what=what, low=scale.low, high=scale.high))
    return int(text)


def read_score(scale: OutcomeScale, form: Mapping[str, str], today: date, *, any_day: bool = False) -> ScoreAnswers:
    """The answers in a score form, or ScoreRefused naming the first one that is wrong.

    Fields: ``rating-<question id>`` for a scale's questions; ``item-<n>`` and
    ``rating-<n>`` for activities the patient names. ``day`` is today unless
    ``any_day`` (the therapist dating a paper form).
    """
    day = today
    if any_day:
        try:
            day = date.fromisoformat(form.get("day", "") or today.isoformat())
        except ValueError:
            raise ScoreRefused(gettext("Write the date as year-month-day, for example 2026-03-01.")) from None
        if not today - timedelta(days=DAYS_BACK) <= day <= today:
            raise ScoreRefused(gettext("The date must be today or within the last year."))
    items: list[tuple[str, int]] = []
    if scale.named_items is None:
        for number, question in enumerate(scale.questions, start=1):
            answer = form.get(f"rating-{question.id}", "")
            if not answer.strip():
                raise ScoreRefused(gettext("Answer question %(n)d.", n=number))
            items.append((question.id, _rating(scale, answer, gettext("question %(n)d", n=number))))
    else:
        for n in range(1, scale.named_items.most + 1):
            name = " ".join(form.get(f"item-{n}", "").split())
            rating = form.get(f"rating-{n}", "").strip()
            if not name and not rating:
                continue
            if not name:
                raise ScoreRefused(gettext("Write what activity %(n)d is, or clear its number.", n=n))
            if len(name) > ITEM_MAX:
                raise ScoreRefused(gettext("Activity %(n)d can be up to %(max)d characters.", n=n, max=ITEM_MAX))
            if not rating:
                raise ScoreRefused(gettext("Give activity %(n)d a number.", n=n))
            items.append((name, _rating(scale, rating, gettext("activity %(n)d", n=n))))
        if len(items) < scale.named_items.least:
            raise ScoreRefused(gettext("Name at least one activity and give it a number."))
    return ScoreAnswers(day=day, items=tuple(items))


def record_score(patient: Patient, scale: OutcomeScale, answers: ScoreAnswers, *, user_id: int | None = None,
                 link: PatientLink | None = None) -> OutcomeScore:
    """Add the score; the caller audits and commits."""
    low, high = scale.score_range
    row = OutcomeScore(
        clinic_id=patient.clinic_id, patient_id=patient.id, link_id=link.id if link else None, user_id=user_id,
        scale_id=scale.id, scale_name=scale.name, score_low=low, score_high=high, day=answers.day,
        score=scale.score([rating for _, rating in answers.items]),
        answers=[{"item": item, "rating": rating} for item, rating in answers.items],
        by_patient=link is not None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def scores_of(patient_id: int) -> list[OutcomeScore]:
    """Every score of the patient, oldest first."""
    return list(db.session.execute(
        db.select(OutcomeScore).where(OutcomeScore.patient_id == patient_id)
        .order_by(OutcomeScore.day, OutcomeScore.id)).scalars())


def last_items(patient_id: int, scale_id: str) -> list[str]:
    """The activities named in the patient's last score of a scale: the PSFS re-rates the same ones."""
    last = db.session.execute(
        db.select(OutcomeScore).where(OutcomeScore.patient_id == patient_id, OutcomeScore.scale_id == scale_id)
        .order_by(OutcomeScore.day.desc(), OutcomeScore.id.desc()).limit(1)).scalar_one_or_none()
    return [str(answer["item"]) for answer in last.answers] if last else []


def schedule_of(patient_id: int) -> OutcomeSchedule | None:
    return db.session.execute(
        db.select(OutcomeSchedule).where(OutcomeSchedule.patient_id == patient_id)).scalar_one_or_none()


def read_every_days(text: str) -> int:
    """Days between the patient page's requests; 0 stops them."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or int(text) > EVERY_DAYS_MAX:
        raise ScoreRefused(gettext("Ask every 0 to %(max)d days (0 stops asking).", max=EVERY_DAYS_MAX))
    return int(text)


def set_schedule(patient: Patient, scale_id: str, every_days: int) -> OutcomeSchedule | None:
    """Ask the patient for the scale on their page every ``every_days`` days, or stop (0); the caller commits."""
    schedule = schedule_of(patient.id)
    if every_days == 0:
        if schedule is not None:
            db.session.delete(schedule)
        return None
    if schedule is None:
        schedule = OutcomeSchedule(clinic_id=patient.clinic_id, patient_id=patient.id)
        db.session.add(schedule)
    schedule.scale_id, schedule.every_days = scale_id, every_days
    db.session.flush()
    return schedule


def due_scale(patient_id: int, today: date) -> OutcomeScale | None:
    """The scale the patient's page should ask for today, or None.

    Due when the therapist set a schedule and no score of that scale (from
    either of them) falls within the last ``every_days`` days.
    """
    schedule = schedule_of(patient_id)
    scale = scale_or_none(schedule.scale_id) if schedule else None
    if schedule is None or scale is None:
        return None
    recent = db.session.execute(
        db.select(OutcomeScore.id).where(
            OutcomeScore.patient_id == patient_id, OutcomeScore.scale_id == scale.id,
            OutcomeScore.day > today - timedelta(days=schedule.every_days)).limit(1)).first()
    return None if recent else scale


@dataclass(frozen=True)
class ScoreChange:
    """The change from a scale's first score to its latest, against the scale's minimal important change."""

    first: float
    latest: float
    minimal_change: float
    higher_is_better: bool

    @property
    def difference(self) -> float:
        return round(self.latest - self.first, 1)

    @property
    def improved(self) -> bool:
        better = self.difference if self.higher_is_better else -self.difference
        return better >= self.minimal_change

    @property
    def worse(self) -> bool:
        better = self.difference if self.higher_is_better else -self.difference
        return -better >= self.minimal_change


def change_of(scale_scores: list[OutcomeScore], scale: OutcomeScale | None) -> ScoreChange | None:
    """How far a scale's scores moved (oldest first); None with fewer than two or the scale gone."""
    if len(scale_scores) < 2 or scale is None:
        return None
    return ScoreChange(scale_scores[0].score, scale_scores[-1].score, scale.minimal_change,
                       scale.direction == "higher_is_better")


@dataclass(frozen=True)
class ScaleHistory:
    """One scale's scores for a patient, oldest first, with how far they moved."""

    scale_id: str
    name: str
    short_name: str
    low: float
    high: float
    scores: tuple[OutcomeScore, ...]
    change: ScoreChange | None
    questions: Mapping[str, str] = field(default_factory=dict)
    """A fixed question's id to its words, so the table says what was asked; empty for named activities."""


def histories(patient_id: int) -> list[ScaleHistory]:
    """The patient's scores by scale, in the order each scale was first used."""
    by_scale: dict[str, list[OutcomeScore]] = {}
    for row in scores_of(patient_id):
        by_scale.setdefault(row.scale_id, []).append(row)
    found = []
    for scale_id, rows in by_scale.items():
        scale = scale_or_none(scale_id)
        found.append(ScaleHistory(
            scale_id=scale_id, name=scale.name if scale else rows[-1].scale_name,
            short_name=scale.short_name if scale else rows[-1].scale_name,
            low=rows[-1].score_low, high=rows[-1].score_high, scores=tuple(rows), change=change_of(rows, scale),
            questions={q.id: q.text for q in scale.questions} if scale else {}))
    return found
