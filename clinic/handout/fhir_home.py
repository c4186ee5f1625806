"""What the patient reported from home, as FHIR R4 resources for the patient's Bundle.

Next-morning pain is an Observation coded with LOINC 72514-3 (pain severity,
0-10 verbal numeric rating, reported), a code we are sure of. The PSFS has no
code here we are sure of, so its Observation names it in a clinic code system
with the scale's name as text, and carries each activity as a component. A
plugin's scale is a QuestionnaireResponse: its questions and answers as asked,
and the score as one more item. Scores recorded by the patient name the
patient as performer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clinic.db import db
from clinic.models import DayCheckIn, OutcomeScore, Patient

SCALE_SYSTEM = "urn:clinic:outcome-scale"
LOINC = "http://loinc.org"
PAIN_CODE = {"system": LOINC, "code": "72514-3",
             "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
SURVEY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}
PSFS_ID = "core.psfs"

Urn = Callable[[str, int], str]


def _pain(row: DayCheckIn, patient_ref: dict[str, str]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "status": "final", "category": [SURVEY],
        "code": {"coding": [PAIN_CODE], "text": "Pain next morning (0-10)"},
        "subject": patient_ref, "performer": [patient_ref],
        "effectiveDateTime": row.day.isoformat(), "valueInteger": row.pain,
    }
    if row.note:
        resource["note"] = [{"text": row.note}]
    return resource


def _scale_code(row: OutcomeScore) -> dict[str, Any]:
    return {"coding": [{"system": SCALE_SYSTEM, "code": row.scale_id}], "text": row.scale_name}


def _psfs(row: OutcomeScore, patient_ref: dict[str, str]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation", "status": "final", "category": [SURVEY], "code": _scale_code(row),
        "subject": patient_ref, "effectiveDateTime": row.day.isoformat(),
        "valueQuantity": {"value": row.score, "unit": "score"},
        "referenceRange": [{"low": {"value": row.score_low}, "high": {"value": row.score_high},
                            "text": "0 = unable, 10 = as before; higher is better"}],
    }
    if row.answers:
        resource["component"] = [{"code": {"text": str(a["item"])}, "valueInteger": int(a["rating"])}
                                 for a in row.answers]
    if row.by_patient:
        resource["performer"] = [patient_ref]
    return resource


def _questionnaire_response(row: OutcomeScore, patient_ref: dict[str, str]) -> dict[str, Any]:
    items = [{"linkId": str(a["item"]), "answer": [{"valueInteger": int(a["rating"])}]} for a in row.answers]
    items.append({"linkId": "score", "text": f"{row.scale_name} score", "answer": [{"valueDecimal": row.score}]})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": f"{SCALE_SYSTEM}:{row.scale_id}",
        "subject": patient_ref, "authored": row.day.isoformat(), "item": items,
    }
    if row.by_patient:
        resource["author"] = patient_ref
    return resource


def home_entries(patient: Patient, patient_urn: str, urn: Urn) -> list[dict[str, Any]]:
    """Bundle entries for the patient's pain scores and outcome scores, oldest first."""
    patient_ref = {"reference": patient_urn}
    entries = []
    pains = db.session.execute(db.select(DayCheckIn).where(
        DayCheckIn.patient_id == patient.id, DayCheckIn.pain.is_not(None)).order_by(DayCheckIn.day)).scalars()
    for pain in pains:
        entries.append({"fullUrl": urn("pain", pain.id), "resource": _pain(pain, patient_ref)})
    scores = db.session.execute(db.select(OutcomeScore).where(OutcomeScore.patient_id == patient.id)
                                .order_by(OutcomeScore.day, OutcomeScore.id)).scalars()
    for score in scores:
        make = _psfs if score.scale_id == PSFS_ID else _questionnaire_response
        entries.append({"fullUrl": urn("score", score.id), "resource": make(score, patient_ref)})
    return entries
