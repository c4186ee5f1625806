"""The patient's page behind their link: the handout's own content, shaped for a phone.

Built from the issued handout's snapshot with the handout's own context
(numbering, pain rule, help tiers), so the page and the paper never disagree.
It holds the patient's first name only (or their initials, when the clinic
chooses) and no database ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.db import db
from clinic.exercise_data.snapshot import read_snapshot
from clinic.handout.context import handout_context
from clinic.handout.options import HandoutOptions
from clinic.i18n import text_direction
from clinic.models import Clinic, IssuedHandout, PatientLink
from clinic.services.adherence import LinkSummary, summarise
from clinic.services.check_ins import CheckInExercise
from clinic.services.patient_links import handout_of


def first_name(full_name: str) -> str:
    words = full_name.split()
    return words[0] if words else ""


def initials(full_name: str) -> str:
    """``Maria Lopez-Diaz`` gives ``M. L.``: enough for the patient to know the page is theirs."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split())


def greeting_name(full_name: str, clinic: Clinic | None) -> str:
    """What the page calls the patient: the clinic's choice, read when the page is shown, not when printed."""
    return initials(full_name) if clinic is not None and clinic.patient_page_initials else first_name(full_name)


def page_parts(handout: IssuedHandout) -> dict[str, Any]:
    """What the page template prints; call it inside ``force_locale(language)`` for the handout's words."""
    snapshot = read_snapshot(handout.snapshot)
    context = handout_context(snapshot, HandoutOptions.from_dict(handout.options))
    return {
        "language": snapshot.language,
        "direction": text_direction(snapshot.language),
        "greeting_name": greeting_name(snapshot.patient.name, db.session.get(Clinic, handout.clinic_id)),
        "clinic_name": snapshot.clinic.name,
        "clinic_phone": snapshot.clinic.phone or "",
        "pain_rule": context["pain_rule"],
        "referral_tiers": context["referral_tiers"],
        "sections": context["sections"],
        "exercises": context["exercises"],
    }


def _numbered(handout: IssuedHandout) -> list[dict[str, Any]]:
    return handout_context(read_snapshot(handout.snapshot), HandoutOptions.from_dict(handout.options))["exercises"]


def check_in_exercises(handout: IssuedHandout) -> list[CheckInExercise]:
    """The cards a patient can tick, by their printed number."""
    return [CheckInExercise(number=e["number"], exercise_id=e["id"]) for e in _numbered(handout)]


def days_per_week(handout: IssuedHandout) -> dict[int, int]:
    """Each card's days a week as printed; a dosage that does not say counts as every day."""
    return {e["number"]: (e["dosage"] or {}).get("days_per_week") or 7 for e in _numbered(handout)}


@dataclass(frozen=True)
class LinkOverview:
    """One programme's current patient link as the therapist's patient page shows it."""

    programme_title: str
    link: PatientLink
    summary: LinkSummary


def link_overviews(patient_id: int, today: date, programme_id: int | None = None) -> list[LinkOverview]:
    """The latest link of each of the patient's programmes (or of one), with its adherence and pain."""
    query = db.select(PatientLink).where(PatientLink.patient_id == patient_id)
    if programme_id is not None:
        query = query.where(PatientLink.programme_id == programme_id)
    links = db.session.execute(
        query.order_by(PatientLink.created_at.desc(), PatientLink.id.desc())).scalars().all()
    overviews, seen = [], set()
    for link in links:
        if link.programme_id in seen:
            continue
        seen.add(link.programme_id)
        handout = handout_of(link)
        if handout is None:
            continue
        title = read_snapshot(handout.snapshot).programme.title
        overviews.append(LinkOverview(title, link, summarise(link, days_per_week(handout), today)))
    return overviews
