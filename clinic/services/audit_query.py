"""Search one clinic's audit trail by patient, user and action, for the page and the CSV.

One query serves both, so the CSV holds exactly the events the filtered page
shows (without the page's row limit).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select

from clinic.db import db
from clinic.models import AuditEvent, Patient, User
from clinic.models.common import is_valid_id

CSV_COLUMNS = ["time_utc", "user_id", "user", "action", "patient_id", "patient", "object_type", "object_id",
               "detail"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _int(value: str | None) -> int | None:
    value = (value or "").strip().lstrip("#")
    number = int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None
    return number if number is not None and is_valid_id(number) else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for; unreadable values are ignored rather than refused."""

    patient: str = ""
    user_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AuditFilter:
        return cls(
            patient=(args.get("patient") or "").strip()[:200],
            user_id=_int(args.get("user")),
            action=(args.get("action") or "").strip()[:40],
            since=_date(args.get("since")),
            until=_date(args.get("until")),
        )

    def as_args(self) -> dict[str, str]:
        """The filter as query arguments, for the CSV link beside the filtered page."""
        values = {"patient": self.patient, "user": self.user_id, "action": self.action,
                  "since": self.since, "until": self.until}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def _patient_condition(clinic_id: int, text: str) -> Any:
    """A number finds that patient (erased ones too); words find patients by name."""
    number = _int(text)
    if number is not None:
        return AuditEvent.patient_id == number
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    ids = db.select(Patient.id).where(Patient.clinic_id == clinic_id,
                                      Patient.display_name.ilike(pattern, escape="\\"))
    return AuditEvent.patient_id.in_(ids)


def audit_query(clinic_id: int, wanted: AuditFilter) -> Select:
    """Events of ``clinic_id`` matching ``wanted``, newest first, with user and patient names."""
    query = (
        db.select(AuditEvent, User.name, Patient.display_name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Patient, (Patient.id == AuditEvent.patient_id) & (Patient.clinic_id == AuditEvent.clinic_id))
        .where(AuditEvent.clinic_id == clinic_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if wanted.patient:
        query = query.where(_patient_condition(clinic_id, wanted.patient))
    if wanted.user_id is not None:
        query = query.where(AuditEvent.user_id == wanted.user_id)
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.since:
        query = query.where(AuditEvent.at >= datetime.combine(wanted.since, datetime.min.time()))
    if wanted.until:
        query = query.where(AuditEvent.at < datetime.combine(wanted.until + timedelta(days=1), datetime.min.time()))
    return query


def known_actions(clinic_id: int) -> list[str]:
    query = db.select(AuditEvent.action).where(AuditEvent.clinic_id == clinic_id).distinct()
    return sorted(db.session.execute(query).scalars())


def clinic_users(clinic_id: int) -> list[User]:
    return list(db.session.execute(db.select(User).where(User.clinic_id == clinic_id).order_by(User.name)).scalars())


def _cell(value: Any) -> str:
    """Text a spreadsheet will not run: a name like ``=HYPERLINK(...)`` is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(clinic_id: int, wanted: AuditFilter) -> Iterator[str]:
    """The matching events as CSV, a line at a time, so a long trail is never held in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    rows = db.session.execute(audit_query(clinic_id, wanted).execution_options(yield_per=500))
    for event, user_name, patient_name in rows:
        writer.writerow([_cell(v) for v in (
            event.at.isoformat(timespec="seconds"), event.user_id, user_name, event.action, event.patient_id,
            patient_name, event.object_type, event.object_id,
            json.dumps(event.detail or {}, ensure_ascii=False, sort_keys=True),
        )])
        yield flush()
