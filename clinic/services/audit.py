"""Write audit events: who viewed, changed, exported or erased which patient's data."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from clinic.db import db
from clinic.models import AuditEvent


def record(
    action: str,
    *,
    clinic_id: int | None = None,
    patient_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
    by_patient: bool = False,
    **detail: Any,
) -> AuditEvent:
    """Add an event to the session; the caller's commit saves it with the change itself.

    ``by_patient`` marks an action a patient took through their link: no user
    did it, even when the browser also holds a staff session.
    """
    signed_in = current_user and current_user.is_authenticated and not by_patient
    user_id = current_user.id if signed_in else None
    event = AuditEvent(
        clinic_id=clinic_id if clinic_id is not None else current_user.clinic_id,
        user_id=user_id,
        action=action,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    db.session.add(event)
    return event
