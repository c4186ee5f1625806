"""Resolve a programme to a :class:`HandoutSnapshot`: the one input of the handout and its record.

Everything a handout prints is in the snapshot (text, dosage words, pictures as
data URIs), so a reprint needs no plugin and no file on disk. Export, preview,
the builder's "What changed", the FHIR export and ``check-plugin`` all build
it here, from a :class:`ProgrammeContent`, so none of them sees another shape.
"""

from __future__ import annotations

import base64
import mimetypes
from datetime import date
from functools import lru_cache
from pathlib import Path

from clinic.catalogue import Catalogue
from clinic.exercise_data import Exercise, describe_dosage
from clinic.exercise_data.exercise import TRANSLATABLE_FIELDS
from clinic.exercise_data.protocol_text import phrasebook
from clinic.exercise_data.snapshot import (
    ClinicPart,
    HandoutSnapshot,
    Neighbour,
    PatientPart,
    ProgrammePart,
    ResolvedExercise,
    ResolvedLevel,
    ResolvedPicture,
    ResolvedSection,
    TherapistPart,
)
from clinic.exercise_data.timing import minutes_a_day, session_time
from clinic.handout.localize import Localizer
from clinic.i18n import N_, has_catalogue
from clinic.models import Clinic, Patient, Programme, User
from clinic.models.content import DEFAULT_SECTIONS, DEFAULT_TITLE, ItemContent, ProgrammeContent, SectionDef
from clinic.services.emergency import emergency_number
from clinic.services.item_choice import ItemChoice, choose
from clinic.services.pain_rule import is_protocol_wording, printed_wording

__all__ = ["picture_data_uri", "resolve_content", "resolve_item", "resolve_programme"]


@lru_cache(maxsize=512)
def _data_uri(path: Path, mtime: float) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


def picture_data_uri(path: Path) -> str:
    return _data_uri(path, path.stat().st_mtime)


def _picture(catalogue: Catalogue, choice: ItemChoice, loc: Localizer, with_data: bool) -> ResolvedPicture:
    picture, exercise = choice.picture, choice.picture_of
    level = choice.level if choice.own_level and choice.level and choice.level.picture else None
    path = catalogue.picture_path(exercise.id, picture.file) if with_data else None
    return ResolvedPicture(
        data_uri=picture_data_uri(path) if path else None,
        alt=loc.picture_alt(exercise, 0, level),
        caption=loc.picture_caption(exercise, 0, level),
        licence=picture.licence,
        author=picture.author,
    )


def _neighbour(exercise: Exercise, step: int, direction: int, loc: Localizer,
               catalogue: Catalogue | None = None) -> Neighbour | None:
    """The next rung down (-1) or up (+1) from ``step``, with what to tell the patient.

    A level's criterion is the rule for moving up across its base-side boundary: on a
    progression, when to move up to it; on a regression, when to move up from it. So
    moving up from step a to b uses level b's criterion when b is above the base, else
    level a's. Moving down shows the easier rung's summary instead.
    """
    ladder = exercise.ladder()
    index = ladder.index(step) + direction if step in ladder else None
    if index is None or not 0 <= index < len(ladder):
        return None
    target = ladder[index]
    target_level = exercise.level(target)
    if target_level is None:
        name = loc.exercise_field(exercise, "name")
        summary = loc.exercise_field(exercise, "summary")
    elif target_level.is_link and catalogue is not None and target_level.exercise in catalogue.exercises:
        # A link prints the other exercise's own name and summary, in the handout language; never its id.
        linked = catalogue.exercise(target_level.exercise or "")
        name = loc.level_field(exercise, target_level, "name") or loc.exercise_field(linked, "name")
        summary = loc.level_field(exercise, target_level, "summary") or loc.exercise_field(linked, "summary")
    else:
        name = loc.level_field(exercise, target_level, "name") or target_level.exercise
        summary = loc.level_field(exercise, target_level, "summary") or ""
    criterion = ""
    if direction > 0:
        rule_level = target_level if target > 0 else exercise.level(step)
        criterion = loc.level_field(exercise, rule_level, "criterion") if rule_level else ""
    return Neighbour(step=target, name=name, summary=summary, criterion=criterion or "")


def resolve_item(
    catalogue: Catalogue,
    item: ItemContent,
    loc: Localizer,
    pain_rule: dict | None = None,
    pictures: bool = True,
) -> ResolvedExercise:
    """One exercise card's data: the chosen level applied, the therapist's dosage on top.

    ``pain_rule`` is the programme's: its ceiling is the one a dosage line states.
    Without ``pictures`` the picture's file is not read (a comparison needs only its words).
    """
    choice = choose(catalogue, item.exercise_id, item.level, item.dosage, pain_rule)
    base, step, level, shown, dosage, own_level = (choice.base, choice.step, choice.level, choice.shown,
                                                   choice.dosage, choice.own_level)
    name = loc.exercise_field(shown, "name")
    steps = loc.exercise_field(shown, "steps")
    if own_level:
        name = loc.level_field(base, level, "name") or name
        steps = loc.level_field(base, level, "steps") or steps
    fields = {f: loc.exercise_field(shown, f) for f in TRANSLATABLE_FIELDS if f not in ("name", "steps")}
    if own_level:
        # A variant's own start, feel and mistakes replace the exercise's: another position has other ones.
        for field in ("starting_position", "feel", "mistakes"):
            if getattr(level, field):
                fields[field] = loc.level_field(base, level, field)
        if level.cautions:
            # A harder rung can bring its own risk (a high step, a weight): its lines come after the base's.
            fields["cautions"] = (*(fields.get("cautions") or ()), *loc.level_field(base, level, "cautions"))
    return ResolvedExercise(
        id=base.id,
        shown_id=shown.id,
        plugin=catalogue.owners.get(base.id, ""),
        section=item.section,
        kind=base.kind,
        targets=base.targets,
        equipment=shown.equipment,
        name=name,
        base_name=loc.exercise_field(base, "name"),
        steps=steps,
        **{k: v for k, v in fields.items() if v is not None},
        level=ResolvedLevel(step=step, label=loc.level_label(step), ladder=base.ladder()),
        dosage=dosage,
        dosage_text=loc.dosage_text(dosage, base.id),
        dosage_brief=describe_dosage(dosage, loc.language, brief=True),
        minutes=session_time(dosage).rounded().high,
        picture=_picture(catalogue, choice, loc, pictures),
        easier=_neighbour(base, step, -1, loc, catalogue),
        harder=_neighbour(base, step, +1, loc, catalogue),
        note=loc.protocol_text(item.note, "note", base.id),
        references=tuple(r.citation for r in shown.references),
    )


def _logo(clinic: Clinic) -> str | None:
    if not clinic.logo or not clinic.logo_mimetype:
        return None
    return f"data:{clinic.logo_mimetype};base64,{base64.b64encode(clinic.logo).decode()}"


def _section(section: SectionDef, indexes: list[int], loc: Localizer) -> ResolvedSection:
    """A section's title and help: the protocol's, or the core's defaults, in the handout language."""
    default = DEFAULT_SECTIONS.get(section.key, {})
    texts = {}
    for field in ("title", "instructions"):
        value = getattr(section, field) or ""
        if value and value == default.get(field):
            texts[field] = loc.core_text(value, f"section {field}")
        else:
            texts[field] = loc.protocol_text(value, f"section {field}") or ""
    return ResolvedSection(key=section.key, exercises=tuple(indexes), **texts)


def _advice(content: ProgrammeContent, loc: Localizer, catalogue: Catalogue) -> dict:
    """The programme's rules and safety advice, translated where they still read as the protocol wrote them."""
    text = loc.protocol_text
    pain_rule = content.pain_rule.model_dump() if content.pain_rule else None
    if pain_rule:
        own = is_protocol_wording(pain_rule, content.protocol_id, catalogue)
        pain_rule["wording"] = printed_wording(pain_rule, text(pain_rule.get("wording"), "pain rule"), own)
    return {
        "pain_rule": pain_rule,
        "referrals": [{"tier": r.tier, "text": text(r.text, "referrals")} for r in content.referrals],
        "schedule": [
            {**e.model_dump(mode="json"), "when": text(e.when, "schedule"),
             "what": [text(w, "schedule") for w in e.what]}
            for e in content.schedule
        ],
        "progression_rules": [{"text": text(r.text, "progression rules"), "rule_of_thumb": r.rule_of_thumb}
                              for r in content.progression_rules],
        "activity_changes": [text(a, "activity changes") for a in content.activity_changes],
        "mistakes": [text(m, "mistakes") for m in content.mistakes],
        "flare_up": [
            {"avoid": text(row.avoid, "flare-up"), "instead": text(row.instead, "flare-up")}
            for row in content.flare_up
        ],
    }


def own_language_texts(content: ProgrammeContent, language: str) -> frozenset[str]:
    """Typed texts the therapist marked as already written in ``language``."""
    return frozenset(content.own_language.get(language) or ())


def localizer_for(content: ProgrammeContent, catalogue: Catalogue, language: str) -> Localizer:
    """A Localizer that knows the programme's protocol, if the protocol is still installed."""
    protocol = catalogue.protocols.get(content.protocol_id or "")
    phrases = phrasebook(protocol, language) if protocol and language != "en" else {}
    loc = Localizer(language, phrases, content.protocol_id, own_language_texts(content, language))
    if language != "en" and not has_catalogue(language):
        loc.fallbacks.append({"text": "clinic", "field": "headings and labels"})
    return loc


def resolve_content(
    content: ProgrammeContent,
    catalogue: Catalogue,
    *,
    language: str = "en",
    today: date | None = None,
    patient: PatientPart | None = None,
    clinic: ClinicPart | None = None,
    therapist: TherapistPart | None = None,
    identity: tuple[int | None, int] = (None, 1),
    pictures: bool = True,
) -> HandoutSnapshot:
    """The snapshot of a programme's content for the people it is printed for.

    ``identity`` is the programme's (id, version). Without ``pictures`` no picture
    file is read: a comparison of two snapshots needs only their words.
    """
    loc = localizer_for(content, catalogue, language)
    pain_rule = content.pain_rule.model_dump() if content.pain_rule else None
    known_items = [item for item in content.items if item.exercise_id in catalogue.exercises]
    exercises = [resolve_item(catalogue, item, loc, pain_rule, pictures) for item in known_items]
    missing = [item.exercise_id for item in content.items if item.exercise_id not in catalogue.exercises]
    sections = [(s, [i for i, e in enumerate(exercises) if e.section == s.key]) for s in content.sections]
    known = {s.key for s in content.sections}
    stray = [i for i, e in enumerate(exercises) if e.section not in known]
    if stray:
        other = SectionDef(key="other", title=loc.core_text(N_("Other exercises"), "section title"))
        sections.append((other, stray))
    resolved_sections = [_section(s, indexes, loc) for s, indexes in sections if indexes]
    advice = _advice(content, loc, catalogue)
    owners = {e.plugin for e in exercises}
    programme_id, version = identity
    return HandoutSnapshot.model_validate({
        "language": language,
        "date": (today or date.today()).isoformat(),
        "patient": patient or PatientPart(),
        "clinic": clinic or ClinicPart(),
        "therapist": therapist or TherapistPart(),
        "programme": ProgrammePart(
            id=programme_id,
            version=version,
            title=(loc.core_text(DEFAULT_TITLE, "title") if content.title == DEFAULT_TITLE
                   else loc.protocol_text(content.title, "title") or ""),
            goal=loc.protocol_text(content.goal, "goal"),
            protocol_id=content.protocol_id,
            protocol_name=loc.protocol_text(content.protocol_name, "protocol name"),
            notes=content.notes,
        ),
        "sections": resolved_sections,
        "exercises": exercises,
        "missing_exercises": missing,
        **advice,
        # The busiest day of the week (timing.minutes_a_day), not the sum of everything in the programme.
        "total_minutes": minutes_a_day([e.dosage for e in exercises]).busiest.rounded().high,
        "fallbacks": loc.fallbacks,
        "plugin_versions": {p.name: p.version for p in catalogue.plugins if p.name in owners and p.enabled},
    })


def resolve_programme(
    programme: Programme,
    patient: Patient,
    clinic: Clinic,
    therapist: User | None,
    catalogue: Catalogue,
    language: str = "en",
    today: date | None = None,
    pictures: bool = True,
) -> HandoutSnapshot:
    """A stored programme's snapshot, for its patient, clinic and therapist."""
    return resolve_content(
        programme.content, catalogue, language=language, today=today, pictures=pictures,
        patient=PatientPart(name=patient.display_name, reference=patient.reference or ""),
        clinic=ClinicPart(
            name=clinic.name, phone=clinic.phone or "", address=clinic.address or "", logo=_logo(clinic),
            country=clinic.country or "", emergency_number=emergency_number(clinic.country, clinic.emergency_number),
        ),
        therapist=TherapistPart(name=therapist.name if therapist else ""),
        identity=(programme.id, programme.version),
    )
