"""What the builder page shows for a programme: sections, item cards and the load check.

Kept apart from the views so the same shapes feed the full page and every
partial an edit sends back, and so the numbers can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import url_for

from clinic.catalogue import Catalogue
from clinic.exercise_data import Dosage, Exercise, IntRange, describe_dosage
from clinic.exercise_data.timing import PLAUSIBLE_DAY_MINUTES, RoutineMinutes, minutes_a_day, session_time
from clinic.i18n import level_label, page_language
from clinic.models import Programme, ProgrammeItem
from clinic.services import dosage_form
from clinic.services.builder import ordered_items, section_defs
from clinic.services.item_choice import ItemChoice, choose

MAX_MAIN_EXERCISES = 5
WARM_UP_SECTION = "warm_up"


@dataclass
class LoadCheck:
    """The week laid out by ``timing.minutes_a_day``, and how many main exercises there are."""

    routine: RoutineMinutes
    main_exercises: int
    stated: IntRange | None = None
    """The minutes the programme's protocol says its routine takes, to compare with the doses."""
    day_limit: int = PLAUSIBLE_DAY_MINUTES

    @property
    def minutes_per_day(self) -> float:
        """The busiest day, at the top of every range: what a patient must find time for."""
        return round(self.routine.busiest.rounded().high, 1)

    @property
    def too_many(self) -> bool:
        return self.main_exercises > MAX_MAIN_EXERCISES

    @property
    def longer_than_stated(self) -> bool:
        return self.stated is not None and self.routine.busiest.rounded().low > self.stated.top

    @property
    def too_long(self) -> bool:
        return self.routine.busiest.high > self.day_limit


def default_dosage(catalogue: Catalogue, exercise_id: str, step: int) -> Dosage:
    """The dosage an item has before the therapist's own changes: exercise, then level."""
    return choose(catalogue, exercise_id, step).default


def ladder_names(catalogue: Catalogue, exercise: Exercise) -> list[tuple[int, str]]:
    """Each rung of the level ladder with the name the therapist recognises."""
    rungs = []
    for step in exercise.ladder():
        level = exercise.level(step)
        if level is None:
            rungs.append((step, exercise.name))
        elif level.is_link:
            linked = catalogue.exercises.get(level.exercise or "")
            rungs.append((step, linked.name if linked else level.exercise or ""))
        else:
            rungs.append((step, level.name or ""))
    return rungs


def item_choice(catalogue: Catalogue, item: ProgrammeItem) -> ItemChoice:
    return choose(catalogue, item.exercise_id, item.level, item.dosage,
                  item.programme.pain_rule if item.programme else None)


def effective_dosage(catalogue: Catalogue, item: ProgrammeItem) -> Dosage:
    """What the item prints: its default, the therapist's changes, the programme's pain ceiling."""
    return item_choice(catalogue, item).dosage


def _picture_url(catalogue: Catalogue, choice: ItemChoice) -> tuple[str | None, str]:
    owner = catalogue.owners.get(choice.picture_of.id)
    if owner is None:
        return None, choice.picture.alt
    return url_for("assets.plugin_asset", plugin=owner, file=choice.picture.file), choice.picture.alt


def picture_url(catalogue: Catalogue, exercise_id: str, step: int) -> tuple[str | None, str]:
    """The picture a patient will see at this level, served from the plugin's folder."""
    return _picture_url(catalogue, choose(catalogue, exercise_id, step))


def item_card(catalogue: Catalogue, item: ProgrammeItem, form: dosage_form.DosageForm | None = None) -> dict[str, Any]:
    """One item as the builder draws it; ``form`` carries typed values after a refused edit."""
    exercise = catalogue.exercises.get(item.exercise_id)
    if exercise is None:  # its plugin was removed: show it so it can be taken out
        return {"item": item, "missing": True, "name": item.exercise_id}
    rungs = [{"step": s, "label": level_label(s), "name": n} for s, n in ladder_names(catalogue, exercise)]
    choice = item_choice(catalogue, item)
    dosage = choice.dosage
    url, alt = _picture_url(catalogue, choice)
    return {
        "item": item, "missing": False, "exercise": exercise,
        "name": next((r["name"] for r in rungs if r["step"] == item.level), exercise.name),
        "rungs": rungs, "picture_url": url, "picture_alt": alt,
        "dosage_text": describe_dosage(dosage, page_language()),
        "minutes": session_time(dosage).format(page_language()),
        "warnings": dosage_form.dose_warnings(dosage),
        "form": form or dosage_form.DosageForm(values=dosage_form.values_from(dosage)),
        "default_values": dosage_form.values_from(choice.default),
        "section_choices": [(s["key"], s["title"]) for s in section_defs(item.programme)],
    }


def load_of(doses: Iterable[tuple[Dosage, str]], stated: IntRange | None = None) -> LoadCheck:
    """The load of (dosage, section) pairs: minutes a day by the one model of time, and the main exercises."""
    doses = list(doses)
    return LoadCheck(routine=minutes_a_day([dosage for dosage, _ in doses]),
                     main_exercises=sum(section != WARM_UP_SECTION for _, section in doses), stated=stated)


def load_check(catalogue: Catalogue, programme: Programme) -> LoadCheck:
    """Minutes a day from the one model of time, laid out over the week by days per week."""
    protocol = catalogue.protocols.get(programme.protocol_id or "")
    return load_of(((effective_dosage(catalogue, item), item.section) for item in ordered_items(programme)
                    if item.exercise_id in catalogue.exercises), protocol.minutes if protocol else None)


def sections(catalogue: Catalogue, programme: Programme) -> list[dict[str, Any]]:
    """Every section (empty ones too, so items can be dropped into them) with its cards."""
    items = ordered_items(programme)
    defs = section_defs(programme)
    known = {s["key"] for s in defs}
    strays = sorted({i.section for i in items} - known)
    defs += [{"key": key, "title": key.replace("_", " ").capitalize(), "instructions": ""} for key in strays]
    return [
        {**s, "cards": [item_card(catalogue, i) for i in items if i.section == s["key"]]}
        for s in defs
    ]


def library_rows(catalogue: Catalogue, exercises: list) -> list[dict[str, Any]]:
    """Library results with their picture address and default dosage in words."""
    rows = []
    for exercise in exercises:
        url, alt = picture_url(catalogue, exercise.id, 0)
        rows.append({"exercise": exercise, "picture_url": url, "picture_alt": alt,
                     "dosage_text": describe_dosage(exercise.dosage, page_language())})
    return rows
