"""A patient's programmes as a FHIR R4 Bundle, for the clinic's electronic record.

Mapping: the patient is a Patient, each programme a CarePlan, and each exercise
a ServiceRequest that the CarePlan lists as an activity. The dosage goes in
``patientInstruction`` in the patient's words and, where FHIR has a field for
it, structured as well: how often in ``occurrenceTiming``, repetitions in
``quantity``. What the patient reported from home (pain, outcome scores)
follows as Observations and QuestionnaireResponses (``fhir_home``). Resource
ids are UUIDs derived from our ids, so exporting twice gives the same
references and a receiving system can recognise an update.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError

from clinic.catalogue import Catalogue
from clinic.exercise_data import Dosage, describe_dosage
from clinic.handout.fhir_home import home_entries
from clinic.handout.localize import Localizer
from clinic.handout.resolve import resolve_item
from clinic.models import Patient, Programme, ProgrammeItem
from clinic.models.content import ItemContent

NAMESPACE = uuid.UUID("6f1f2d3e-8c41-4b1e-9d35-2f6c0a7e5b10")
EXERCISE_SYSTEM = "urn:clinic:exercise"
CAREPLAN_STATUS = {"draft": "draft", "active": "active", "completed": "completed"}


def _urn(kind: str, number: int, clinic_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{clinic_id}/{kind}/{number}')}"


def _patient(patient: Patient) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "active": patient.archived_at is None,
        "name": [{"text": patient.display_name}],
        "communication": [{
            "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.language}]},
            "preferred": True,
        }],
    }
    if patient.reference:
        resource["identifier"] = [{"system": f"urn:clinic:{patient.clinic_id}:patient",
                                   "value": patient.reference}]
    if patient.date_of_birth:
        resource["birthDate"] = patient.date_of_birth.isoformat()
    return resource


def _timing(dosage: Dosage) -> dict[str, Any] | None:
    """How often: times a day, or times a week when the patient rests on some days.

    FHIR has one frequency per period, so "twice a day, 3 days a week" becomes 6 a
    week; the patient's own words in ``patientInstruction`` keep the exact rhythm.
    """
    repeat: dict[str, Any] = {}
    if dosage.days_per_week is not None and dosage.days_per_week < 7:
        per_week = dosage.days_per_week * (dosage.times_per_day or 1)
        repeat.update(frequency=per_week, period=1, periodUnit="wk")
    elif dosage.times_per_day is not None:
        repeat.update(frequency=dosage.times_per_day, period=1, periodUnit="d")
    if dosage.duration_minutes is not None:
        repeat.update(duration=dosage.duration_minutes.low, durationUnit="min")
        if dosage.duration_minutes.high is not None:
            repeat["durationMax"] = dosage.duration_minutes.high
    return {"repeat": repeat} if repeat else None


def _quantity(dosage: Dosage) -> dict[str, Any]:
    """Repetitions per set, as a number or a range."""
    if dosage.reps is None:
        return {}
    unit = {"unit": "repetitions", "system": "http://unitsofmeasure.org", "code": "{repetitions}"}
    if dosage.reps.high is None or dosage.reps.high == dosage.reps.low:
        return {"quantityQuantity": {"value": dosage.reps.low, **unit}}
    return {"quantityRange": {"low": {"value": dosage.reps.low, **unit},
                              "high": {"value": dosage.reps.high, **unit}}}


def _exercise_words(item: ProgrammeItem, catalogue: Catalogue, language: str) -> tuple[str, Dosage, str]:
    """Name, dosage and dosage words; a removed plugin leaves the id and the therapist's override."""
    if item.exercise_id in catalogue.exercises:
        # The note goes into the request as typed (see _service_request), so it is not resolved here.
        content = ItemContent(exercise_id=item.exercise_id, section=item.section, level=item.level,
                              dosage=item.dosage or {})
        card = resolve_item(catalogue, content, Localizer(language), item.programme.pain_rule, pictures=False)
        return card.name, card.dosage, card.dosage_text
    try:
        dosage = Dosage.model_validate(item.dosage or {})
    except ValidationError:
        dosage = Dosage()
    return item.exercise_id, dosage, describe_dosage(dosage, language)


def _service_request(item: ProgrammeItem, programme: Programme, patient_urn: str, plan_urn: str,
                     catalogue: Catalogue, language: str) -> dict[str, Any]:
    name, dosage, words = _exercise_words(item, catalogue, language)
    instruction = ". ".join(part for part in (words, item.note) if part)
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "active" if programme.status == "active" else "draft",
        "intent": "plan",
        "category": [{"text": "Home exercise"}],
        "code": {"coding": [{"system": EXERCISE_SYSTEM, "code": item.exercise_id}], "text": name},
        "subject": {"reference": patient_urn},
        "basedOn": [{"reference": plan_urn}],
        **_quantity(dosage),
    }
    if instruction:
        resource["patientInstruction"] = instruction
    if timing := _timing(dosage):
        resource["occurrenceTiming"] = timing
    return resource


def patient_bundle(patient: Patient, programmes: list[Programme], catalogue: Catalogue) -> dict[str, Any]:
    """A Bundle of type ``collection`` holding the Patient, CarePlans and ServiceRequests."""
    clinic_id = patient.clinic_id
    patient_urn = _urn("patient", patient.id, clinic_id)
    entries: list[dict[str, Any]] = [{"fullUrl": patient_urn, "resource": _patient(patient)}]
    for programme in programmes:
        plan_urn = _urn("careplan", programme.id, clinic_id)
        requests = [
            (_urn("item", item.id, clinic_id),
             _service_request(item, programme, patient_urn, plan_urn, catalogue, patient.language))
            for item in programme.items
        ]
        plan: dict[str, Any] = {
            "resourceType": "CarePlan",
            "status": "revoked" if programme.archived_at else CAREPLAN_STATUS.get(programme.status, "unknown"),
            "intent": "plan",
            "title": programme.title,
            "subject": {"reference": patient_urn},
            "created": programme.created_at.isoformat(timespec="seconds") + "+00:00",
        }
        if requests:  # FHIR JSON never holds an empty list
            plan["activity"] = [{"reference": {"reference": urn}} for urn, _ in requests]
        if programme.goal:
            plan["description"] = programme.goal
        entries.append({"fullUrl": plan_urn, "resource": plan})
        entries += [{"fullUrl": urn, "resource": resource} for urn, resource in requests]
    entries += home_entries(patient, patient_urn, lambda kind, number: _urn(kind, number, clinic_id))
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
