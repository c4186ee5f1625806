"""Load records for the signed-in user's clinic only; anything else is a 404.

Every view that takes an id goes through these functions, so a therapist can
never reach another clinic's patient by changing a number in the address.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from flask import abort
from flask_babel import gettext
from flask_login import current_user

from clinic.db import db
from clinic.models import IssuedHandout, Patient, PrintBatch, Programme, ProgrammeItem, RenderJob, User
from clinic.models.common import MAX_ID, is_valid_id
from clinic.web.errors import BadValue


def _clinic_id() -> int:
    if not current_user.is_authenticated:
        abort(401)
    if current_user.is_contributor:  # a contributor writes plugins and opens no record of the clinic
        abort(404)
    return int(current_user.clinic_id)


def form_id(value: str | None) -> int:
    """A record number sent in a form field; anything that cannot be one is a clear 400."""
    text = (value or "").strip()
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID)) else 0
    if not is_valid_id(number):
        raise BadValue(gettext("That is not a record number this app uses: %(value)s", value=text[:20]))
    return number


class _ClinicOwned(Protocol):
    clinic_id: int


M = TypeVar("M", bound=_ClinicOwned)


def _in_clinic_or_404(model: type[M], record_id: int) -> M:
    """The one check every loader shares: the row exists and belongs to this clinic."""
    if not is_valid_id(record_id):  # a number no row can have never reaches the database
        abort(404)
    record = db.session.get(model, record_id)
    if record is None or record.clinic_id != _clinic_id():
        abort(404)
    return record


def get_patient_or_404(patient_id: int) -> Patient:
    return _in_clinic_or_404(Patient, patient_id)


def get_programme_or_404(programme_id: int) -> Programme:
    return _in_clinic_or_404(Programme, programme_id)


def get_item_or_404(programme: Programme, item_id: int) -> ProgrammeItem:
    """Items belong to a programme already checked for the clinic."""
    item = db.session.get(ProgrammeItem, item_id) if is_valid_id(item_id) else None
    if item is None or item.programme_id != programme.id:
        abort(404)
    return item


def get_handout_or_404(handout_id: int) -> IssuedHandout:
    return _in_clinic_or_404(IssuedHandout, handout_id)


def get_job_or_404(job_id: int) -> RenderJob:
    return _in_clinic_or_404(RenderJob, job_id)


def get_batch_or_404(batch_id: int) -> PrintBatch:
    return _in_clinic_or_404(PrintBatch, batch_id)


def get_user_or_404(user_id: int) -> User:
    """A colleague in the same clinic (for the admin's therapist pages)."""
    return _in_clinic_or_404(User, user_id)
