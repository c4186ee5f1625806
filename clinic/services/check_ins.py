"""A patient's daily check-in through their link: read the answers, refuse bad ones, keep one row a day.

The form comes from a phone with no account behind it, so every value is
checked here and a bad one refuses the whole check-in with a message the
patient can act on; nothing is half saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from clinic.db import db
from clinic.models import DayCheckIn, ExerciseCheckIn, PatientLink

PAIN_MAX = 10
NOTE_MAX = 500
DAYS_BACK = 7
"""How far back a check-in may be for: a patient who missed a few days can still fill them in."""


class CheckInRefused(ValueError):
    """A check-in that cannot be saved as sent; the message is shown to the patient."""


@dataclass(frozen=True)
class CheckInExercise:
    """One exercise the patient can tick: its card number and id, as printed."""

    number: int
    exercise_id: str


@dataclass(frozen=True)
class CheckIn:
    day: date
    done: dict[int, bool]
    pain: int | None
    note: str


def read_check_in(form: Mapping[str, str], exercises: Sequence[CheckInExercise], today: date) -> CheckIn:
    """The answers in a check-in form, or CheckInRefused saying which one is wrong."""
    try:
        day = date.fromisoformat(form.get("day", "") or today.isoformat())
    except ValueError:
        raise CheckInRefused(gettext("Choose the day from the list.")) from None
    # One day of slack ahead: the patient's today may already be tomorrow on the server's clock.
    if not today - timedelta(days=DAYS_BACK) <= day <= today + timedelta(days=1):
        raise CheckInRefused(gettext("You can fill in today or the last %(n)d days.", n=DAYS_BACK))
    done: dict[int, bool] = {}
    for exercise in exercises:
        value = form.get(f"done-{exercise.number}", "")
        if value not in ("", "yes", "no"):
            raise CheckInRefused(gettext("Answer exercise %(n)d with done or not done.", n=exercise.number))
        if value:
            done[exercise.number] = value == "yes"
    pain_text = form.get("pain", "").strip()
    pain = None
    if pain_text:
        if not pain_text.isascii() or not pain_text.isdigit() or int(pain_text) > PAIN_MAX:
            raise CheckInRefused(gettext("Pain is a number from 0 to %(max)d.", max=PAIN_MAX))
        pain = int(pain_text)
    note = form.get("note", "").strip()
    if len(note) > NOTE_MAX:
        raise CheckInRefused(gettext(
            "The note can be up to %(max)d characters; yours has %(n)d. Please shorten it.",
            max=NOTE_MAX, n=len(note)))
    if not done and pain is None and not note:
        raise CheckInRefused(gettext("Tick at least one exercise, or choose your pain, before saving."))
    return CheckIn(day=day, done=done, pain=pain, note=note)


def save_check_in(link: PatientLink, answers: CheckIn, exercises: Sequence[CheckInExercise]) -> None:
    """Write the answers: one row per day and exercise, and one per day; a second check-in updates them.

    Two taps at once from two tabs may both try to insert; the loser
    retries once, and then finds the row to update. The caller commits.
    """
    try:
        with db.session.begin_nested():
            _write(link, answers, exercises)
    except IntegrityError:
        with db.session.begin_nested():
            _write(link, answers, exercises)


def _write(link: PatientLink, answers: CheckIn, exercises: Sequence[CheckInExercise]) -> None:
    ids = {e.number: e.exercise_id for e in exercises}
    rows = {row.exercise_number: row for row in db.session.execute(
        db.select(ExerciseCheckIn).filter_by(link_id=link.id, day=answers.day)).scalars()}
    for number, done in answers.done.items():
        row = rows.get(number)
        if row is None:
            db.session.add(ExerciseCheckIn(link_id=link.id, patient_id=link.patient_id, day=answers.day,
                                           exercise_number=number, exercise_id=ids[number], done=done))
        else:
            row.done = done
    if answers.pain is not None or answers.note:
        day_row = db.session.execute(
            db.select(DayCheckIn).filter_by(link_id=link.id, day=answers.day)).scalar_one_or_none()
        if day_row is None:
            db.session.add(DayCheckIn(link_id=link.id, patient_id=link.patient_id, day=answers.day,
                                      pain=answers.pain, note=answers.note))
        else:
            if answers.pain is not None:
                day_row.pain = answers.pain
            if answers.note:
                day_row.note = answers.note
    db.session.flush()


def answers_for(link: PatientLink, day: date) -> CheckIn:
    """What the patient already answered for a day, so the page shows their taps again."""
    done = {row.exercise_number: row.done for row in db.session.execute(
        db.select(ExerciseCheckIn).filter_by(link_id=link.id, day=day)).scalars()}
    day_row = db.session.execute(db.select(DayCheckIn).filter_by(link_id=link.id, day=day)).scalar_one_or_none()
    return CheckIn(day=day, done=done, pain=day_row.pain if day_row else None, note=day_row.note if day_row else "")
