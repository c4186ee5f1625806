"""What changed between two handouts of one programme: the patient's box and the therapist's list.

Compared on the snapshots alone, on what the therapist set: which exercises,
at which level, with which dosage. The words on paper follow from those and
from the language, and a language or print-size change is not a change of the
programme, so words are compared only between two handouts in one language
(where they also catch a reworded dosage). What the box prints is in the new
handout's language.

When the programme changed and its patient link has a whole week behind it,
the box also says how many of that week's sessions the patient ticked as
done: numbers from the check-ins only, never a guess.

The builder's "What changed since the last handout" list starts from the same
comparison and adds the programme-wide parts a therapist edits (goal, rules,
advice); it compares the programme as it would print now, resolved without
pictures, with the latest issued snapshot.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext

from clinic.db import db
from clinic.exercise_data import describe_dosage
from clinic.exercise_data.snapshot import ChangedItem, Changes, HandoutSnapshot, ResolvedExercise
from clinic.handout.localize import Localizer
from clinic.handout.patient_page import link_overviews
from clinic.models import IssuedHandout, Programme


def _by_id(snapshot: HandoutSnapshot) -> dict[str, ResolvedExercise]:
    found: dict[str, ResolvedExercise] = {}
    for exercise in snapshot.exercises:
        found.setdefault(exercise.id, exercise)
    return found


def _level_before(was: ResolvedExercise, language: str, same_language: bool) -> str:
    """The earlier rung's name; across languages its label ("Easier"), as the old name is in the old language."""
    return was.name if same_language else Localizer(language).level_label(was.level.step)


def compare_snapshots(old: HandoutSnapshot, new: HandoutSnapshot) -> Changes | None:
    """Added and removed exercises, level and dosage changes; None when nothing differs."""
    before, after = _by_id(old), _by_id(new)
    added = tuple(after[i].name for i in after if i not in before)
    removed = tuple(before[i].name for i in before if i not in after)
    level, dosage = [], []
    same_language = old.language == new.language
    for exercise_id in (i for i in after if i in before):
        was, now = before[exercise_id], after[exercise_id]
        if was.level.step != now.level.step:
            level.append(ChangedItem(name=now.base_name, before=_level_before(was, new.language, same_language),
                                     after=now.name))
        if was.dosage != now.dosage or (same_language and was.dosage_text != now.dosage_text):
            # An earlier handout's dosage is phrased again in the new handout's language.
            before_words = was.dosage_text if same_language else describe_dosage(was.dosage, new.language)
            dosage.append(ChangedItem(name=now.name, before=before_words, after=now.dosage_text))
    if not (added or removed or level or dosage):
        return None
    return Changes(previous_date=old.date, added=added, removed=removed, level=tuple(level), dosage=tuple(dosage))


def with_adherence(changes: Changes, programme: Programme, today: date) -> Changes:
    """The box with last whole week's sessions from the programme's latest link, when it has such a week."""
    if programme.patient_id is None:
        return changes
    overviews = link_overviews(programme.patient_id, today, programme.id)
    week = overviews[0].summary.last_week if overviews else None
    if week is None or not week.scheduled:
        return changes
    return changes.model_copy(update={"sessions_done": week.done, "sessions_scheduled": week.scheduled})


def last_issued(programme: Programme) -> IssuedHandout | None:
    return db.session.execute(IssuedHandout.latest_of(programme.id)).scalar_one_or_none()


def _texts(rows: tuple) -> list[str]:
    return [r.text for r in rows]


def therapist_sentences(old: HandoutSnapshot, new: HandoutSnapshot) -> list[str]:
    """Plain sentences in the page language, one per change; an empty list means the handout would be the same."""
    changes: list[str] = []
    diff = compare_snapshots(old, new) or Changes()
    changes += [gettext("Added %(name)s.", name=name) for name in diff.added]
    changes += [gettext("Removed %(name)s.", name=name) for name in diff.removed]
    changes += [gettext("%(before)s is now %(after)s.", before=c.before, after=c.after) for c in diff.level]
    changes += [gettext("%(name)s: %(before)s → %(after)s.", name=c.name, before=c.before, after=c.after)
                for c in diff.dosage]
    notes_before = {e.id: e.note for e in old.exercises}
    changes += [gettext("%(name)s: note changed.", name=e.name) for e in new.exercises
                if e.id in notes_before and notes_before[e.id] != e.note]
    old_ids, new_ids = [e.id for e in old.exercises], [e.id for e in new.exercises]
    if [i for i in old_ids if i in new_ids] != [i for i in new_ids if i in old_ids]:
        changes.append(gettext("The order of the exercises changed."))
    if old.programme.goal != new.programme.goal:
        changes.append(gettext("The goal changed."))
    if old.pain_rule != new.pain_rule:
        changes.append(gettext("The pain rule changed."))
    if _texts(old.referrals) != _texts(new.referrals):
        changes.append(gettext("The 'when to get help' advice changed."))
    if old.schedule != new.schedule:
        changes.append(gettext("The schedule changed."))
    if _texts(old.progression_rules) != _texts(new.progression_rules):
        changes.append(gettext("The progression rules changed."))
    return changes

