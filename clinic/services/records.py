"""A patient's whole record as portable JSON, its import into another clinic, and erasure.

The export holds no database ids: ids mean nothing in the importing clinic, and
leaving them out means an import can never point at someone else's rows. The
import is validated like plugin data (strict pydantic records with limits),
because a file from outside is untrusted input; a programme in it is a
:class:`ProgrammeContent`, checked exactly as the builder, the protocol copy
and the programme file are. Records of the first layout (``"version": 1``,
with ``extras``) still import, and so do those of schema 2 (before check-ins
and outcome scores travelled; ``clinic.services.record_at_home``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from flask_babel import gettext
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clinic.db import db
from clinic.envelope import Envelope, EnvelopeError
from clinic.i18n import N_
from clinic.models import (
    DayCheckIn,
    ExerciseCheckIn,
    IssuedHandout,
    OutcomeSchedule,
    OutcomeScore,
    Patient,
    PatientLink,
    Programme,
    ProgrammeItem,
    RenderJob,
    User,
)
from clinic.models.content import ProgrammeContent
from clinic.part_cache import PartCache
from clinic.pdf_cache import KEY_PATTERN, HandoutCache, content_key, pdf_key
from clinic.services import audit
from clinic.services.content_problems import describe
from clinic.services.programme_files import spread_extras
from clinic.services.record_at_home import (
    LinkRecord,
    ScheduleRecord,
    ScoreRecord,
    export_links,
    export_schedule,
    export_scores,
    import_links,
    import_scores,
)
from clinic.services.untrusted_json import has_nul


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProgrammeRecord(ProgrammeContent):
    """A programme's content with what only a full record carries: its status and dates."""

    status: Annotated[str, Field(max_length=20)] = "draft"
    archived_at: datetime | None = None
    created_at: datetime | None = None


class HandoutRecord(_Strict):
    programme: Annotated[int, Field(ge=0)]
    """Index of the programme in this record's ``programmes`` list."""
    programme_version: int
    issued_at: datetime
    language: Annotated[str, Field(max_length=10)] = "en"
    options: dict[str, Any] = {}
    snapshot: dict[str, Any]
    plugin_versions: dict[str, str] = {}
    content_key: Annotated[str, Field(max_length=64)]
    pdf_sha256: Annotated[str, Field(max_length=64)]
    link: Annotated[int, Field(ge=0)] | None = None
    """Index in the record's ``links`` of the link printed on this handout."""


class PatientFields(_Strict):
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    date_of_birth: date | None = None
    reference: Annotated[str, Field(max_length=100)] | None = None
    language: Annotated[str, Field(max_length=10)] = "en"
    large_print: bool = False
    paper_size: Literal["A4", "Letter"] = "A4"
    archived_at: datetime | None = None


class PatientRecord(_Strict):
    """The body of a record file (after its envelope)."""

    exported_at: datetime | None = None
    patient: PatientFields
    programmes: Annotated[list[ProgrammeRecord], Field(max_length=200)] = []
    handouts: Annotated[list[HandoutRecord], Field(max_length=2000)] = []
    links: Annotated[list[LinkRecord], Field(max_length=2000)] = []
    scores: Annotated[list[ScoreRecord], Field(max_length=5000)] = []
    outcome_schedule: ScheduleRecord | None = None


NUL_IN_RECORD = N_("This file holds a NUL character, so it is damaged or not a patient record.")


def _in_position_order(items: Any) -> Any:
    """Version 1 numbered items by ``position``; schema 2 lists them in order instead.

    Renumbering keeps their order within each section, so the handout prints the same.
    """
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return items  # the model refuses it, by name
    number = {id(i): i.get("position") if isinstance(i.get("position"), int) else 0 for i in items}
    return [{k: v for k, v in i.items() if k != "position"} for i in sorted(items, key=lambda i: number[id(i)])]


def _record_version_1(body: dict[str, Any]) -> dict[str, Any]:
    programmes = body.get("programmes")
    if isinstance(programmes, list):
        spread = [spread_extras(p) if isinstance(p, dict) else p for p in programmes]
        body = {**body, "programmes": [{**p, "items": _in_position_order(p["items"])}
                                       if isinstance(p, dict) and "items" in p else p for p in spread]}
    return body


def _record_schema_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 had no links, check-ins or scores; its body reads as schema 3 unchanged."""
    return body


PATIENT_RECORD = Envelope(format="clinic.patient-record", schema=3,
                          upgrades={1: _record_version_1, 2: _record_schema_2},
                          former_schema_key="version")


class RecordImportError(ValueError):
    """The file is not a patient record this version can read; the message says why."""


def _programmes(patient: Patient) -> list[Programme]:
    query = db.select(Programme).filter_by(patient_id=patient.id).order_by(Programme.id)
    return list(db.session.execute(query).scalars())


def export_record(patient: Patient) -> dict[str, Any]:
    """Everything stored about ``patient``, as plain JSON-ready data."""
    programmes = _programmes(patient)
    index = {p.id: i for i, p in enumerate(programmes)}
    handouts = db.session.execute(
        db.select(IssuedHandout).filter_by(patient_id=patient.id).order_by(IssuedHandout.id)
    ).scalars()
    links, link_index = export_links(patient, index)
    record = PatientRecord(
        exported_at=datetime.now(UTC).replace(tzinfo=None),
        patient=PatientFields.model_validate(patient, from_attributes=True),
        programmes=[
            ProgrammeRecord(**dict(p.content), status=p.status, archived_at=p.archived_at,
                            created_at=p.created_at)
            for p in programmes
        ],
        handouts=[
            HandoutRecord.model_validate(
                {**{f: getattr(h, f) for f in HandoutRecord.model_fields if f not in ("programme", "link")},
                 "programme": index[h.programme_id], "link": link_index.get(h.patient_link_id or 0)}
            )
            for h in handouts
        ],
        links=links,
        scores=export_scores(patient, link_index),
        outcome_schedule=export_schedule(patient),
    )
    return PATIENT_RECORD.wrap(record.model_dump(mode="json"))


def parse_record(data: Any) -> PatientRecord:
    """Validate an uploaded record; every problem is reported in one message."""
    if has_nul(data):  # PostgreSQL cannot store NUL in text, so a record holding one is refused up front
        raise RecordImportError(gettext(NUL_IN_RECORD))
    try:
        record = PatientRecord.model_validate(PATIENT_RECORD.open(data))
    except EnvelopeError as exc:
        if exc.schema is None:
            raise RecordImportError(gettext("This is not a patient record clinic can import.")) from None
        raise RecordImportError(gettext("This patient record has a layout this version cannot import "
                                        "(schema %(schema)s).", schema=exc.schema)) from None
    except ValidationError as exc:
        raise RecordImportError(gettext("This is not a patient record we can import (%(problems)s).",
                                        problems="; ".join(describe(exc)))) from None
    for handout in record.handouts:
        if handout.programme >= len(record.programmes):
            raise RecordImportError(gettext(
                "A handout in the file points at a programme the file does not hold."))
    if any(link.programme >= len(record.programmes) for link in record.links):
        raise RecordImportError(gettext("A patient link in the file points at a programme the file does not hold."))
    pointers = [h.link for h in record.handouts] + [s.link for s in record.scores]
    if any(n is not None and n >= len(record.links) for n in pointers):
        raise RecordImportError(gettext("A handout or score in the file points at a patient link the file "
                                        "does not hold."))
    return record


def import_record(data: Any, importer: User) -> Patient:
    """Create a new patient in the importer's clinic from an exported record."""
    record = parse_record(data)
    clinic_id = importer.clinic_id
    patient = Patient(clinic_id=clinic_id, **record.patient.model_dump())
    db.session.add(patient)
    db.session.flush()
    programmes: list[Programme] = []
    for source in record.programmes:
        programme = Programme(clinic_id=clinic_id, patient_id=patient.id, created_by_id=importer.id,
                              status=source.status, archived_at=source.archived_at)
        programme.replace_content(source)
        if source.created_at:
            programme.created_at = source.created_at
        db.session.add(programme)
        programmes.append(programme)
    db.session.flush()
    links = import_links(record.links, patient, [p.id for p in programmes])
    for handout in record.handouts:
        imported = _imported_handout(handout, clinic_id, patient.id, programmes[handout.programme].id)
        imported.patient_link_id = links[handout.link].id if handout.link is not None else None
        db.session.add(imported)
    import_scores(record.scores, record.outcome_schedule, patient, links)
    audit.record("import_patient", clinic_id=clinic_id, patient_id=patient.id, object_type="patient",
                 object_id=patient.id, programmes=len(programmes), handouts=len(record.handouts),
                 links=len(links), scores=len(record.scores))
    return patient


def _imported_handout(handout: HandoutRecord, clinic_id: int, patient_id: int, programme_id: int) -> IssuedHandout:
    """An issued handout from a file, with nothing in it that could stand for another's content.

    The file's content key and PDF checksum are promises made by someone else:
    the key is computed again from the snapshot and options, and the checksum
    is left empty, so the first reprint renders from the snapshot instead of
    serving any cached file (``clinic.handout.issue.pdf_for``).
    """
    fields = handout.model_dump(exclude={"programme", "content_key", "pdf_sha256", "link"})
    return IssuedHandout(clinic_id=clinic_id, patient_id=patient_id, programme_id=programme_id,
                         content_key=content_key(handout.snapshot, handout.options), pdf_sha256="", **fields)


def erase_patient(patient: Patient) -> dict[str, int]:
    """Delete a patient with every programme, issued handout and cached PDF, on the patient's request.

    The audit trail keeps the patient's id number, so earlier events still add
    up, but no name: names already in older events' details are removed too.
    """
    counts = {
        "programmes": len(_programmes(patient)),
        "handouts": len(list(db.session.execute(
            db.select(IssuedHandout.id).filter_by(patient_id=patient.id)).scalars())),
    }
    patient_id, clinic_id, name = patient.id, patient.clinic_id, patient.display_name
    cache = HandoutCache.for_app()
    printed = db.session.execute(
        db.select(IssuedHandout.content_key, PatientLink.token_hash)
        .outerjoin(PatientLink, PatientLink.id == IssuedHandout.patient_link_id)
        .where(IssuedHandout.patient_id == patient_id)).all()
    for key, link_hash in printed:
        if KEY_PATTERN.match(key):
            cache.discard(clinic_id, pdf_key(key, link_hash))  # the rendered PDF carries the patient's name
    PartCache.for_app().clear(clinic_id)  # a cached card part may carry a note about the patient
    # Children first, in explicit statements: the database's cascades are not relied on,
    # because SQLite only honours them with foreign keys switched on.
    programme_ids = db.select(Programme.id).where(Programme.patient_id == patient_id).scalar_subquery()
    db.session.execute(db.delete(RenderJob).where(RenderJob.patient_id == patient_id))  # its snapshot names them
    db.session.execute(db.delete(IssuedHandout).where(IssuedHandout.patient_id == patient_id))
    db.session.execute(db.delete(ExerciseCheckIn).where(ExerciseCheckIn.patient_id == patient_id))
    db.session.execute(db.delete(DayCheckIn).where(DayCheckIn.patient_id == patient_id))
    db.session.execute(db.delete(OutcomeScore).where(OutcomeScore.patient_id == patient_id))
    db.session.execute(db.delete(OutcomeSchedule).where(OutcomeSchedule.patient_id == patient_id))
    db.session.execute(db.delete(PatientLink).where(PatientLink.patient_id == patient_id))
    db.session.execute(db.delete(ProgrammeItem).where(ProgrammeItem.programme_id.in_(programme_ids)))
    db.session.execute(db.delete(Programme).where(Programme.patient_id == patient_id))
    db.session.execute(db.delete(Patient).where(Patient.id == patient_id))
    _scrub_names(patient_id, clinic_id, name)
    audit.record("erase_patient", clinic_id=clinic_id, patient_id=patient_id, object_type="patient",
                 object_id=patient_id, **counts)
    return counts


def _scrub_names(patient_id: int, clinic_id: int, name: str) -> None:
    """Remove the erased patient's name from the details of their earlier audit events."""
    from clinic.models import AuditEvent

    events = db.session.execute(
        db.select(AuditEvent).filter_by(clinic_id=clinic_id, patient_id=patient_id)
    ).scalars()
    for event in events:
        detail = event.detail or {}
        cleaned = {k: ("[erased]" if isinstance(v, str) and name and name in v else v)
                   for k, v in detail.items()}
        if cleaned != detail:
            event.detail = cleaned
