"""Load records for the signed-in user's clinic only; anything else is a 404.

Every view that takes an id goes through these functions, so a therapist can
never reach another clinic's patient by changing a number in the address.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from clinic.db import db
from clinic.models import IssuedHandout, Patient, Programme, ProgrammeItem, User


def _clinic_id() -> int:
    if not current_user.is_authenticated:
        abort(401)
    return int(current_user.clinic_id)


def get_patient_or_404(patient_id: int) -> Patient:
    patient = db.session.get(Patient, patient_id)
    if patient is None or patient.clinic_id != _clinic_id():
        abort(404)
    return patient


def get_programme_or_404(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None or programme.clinic_id != _clinic_id():
        abort(404)
    return programme


def get_item_or_404(programme: Programme, item_id: int) -> ProgrammeItem:
    item = db.session.get(ProgrammeItem, item_id)
    if item is None or item.programme_id != programme.id:
        abort(404)
    return item


def get_handout_or_404(handout_id: int) -> IssuedHandout:
    handout = db.session.get(IssuedHandout, handout_id)
    if handout is None or handout.clinic_id != _clinic_id():
        abort(404)
    return handout


def get_user_or_404(user_id: int) -> User:
    """A colleague in the same clinic (for the admin's therapist pages)."""
    user = db.session.get(User, user_id)
    if user is None or user.clinic_id != _clinic_id():
        abort(404)
    return user
