"""The handout snapshot: a programme resolved to exactly what one handout prints.

Every issued handout stores one, and a reprint is rendered from it alone, so it
holds words and numbers, not references: the dosage line already phrased in the
patient's language, each picture as a data URI. The same record is what
``clinic_handout_sections`` receives, what the builder's "What changed" compares
and what ``check-plugin`` tries a plugin's hook on, so a plugin is tested against
the shape production sends.

Unlike the plugin data types these records take unknown keys quietly and put
no length limits on text: a snapshot is a record of what was printed, and one
written by an older version must reprint as it was, not be judged again by
today's content rules. A stored snapshot is wrapped in the ``clinic.handout-snapshot``
envelope; :func:`read_snapshot` reads every schema written so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_serializer

from clinic.envelope import Envelope
from clinic.exercise_data.dosage import Dosage
from clinic.exercise_data.sections import HandoutSection


class Printed(BaseModel):
    """Frozen, lenient about keys it does not know (see the module docstring).

    ``record["field"]`` reads a field as well as ``record.field`` does: until
    plugin API 1.1 the section hook received plain dictionaries, and plugins
    written for those keep working.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        """Like ``dict.get``, for plugins written when this was a dictionary."""
        return getattr(self, key) if key in type(self).model_fields else default


class ResolvedPicture(Printed):
    """The one picture a card prints: the chosen level's, else the exercise's first."""

    data_uri: str | None = None
    """None when the file was missing, or when the snapshot was made only to compare (no pictures)."""
    alt: str = ""
    caption: str = ""
    """Printed under the picture; empty when it has none in the handout language."""
    licence: str = ""
    author: str = ""


class ResolvedLevel(Printed):
    step: int = 0
    """0 is the exercise itself; below 0 easier rungs, above 0 harder ones."""
    label: str = ""
    """"Standard", "Easier", "Harder (2)" in the handout language."""
    ladder: tuple[int, ...] = (0,)
    """Every step the exercise has, lowest first."""


class Neighbour(Printed):
    """The next rung down or up, with what the card tells the patient about it."""

    step: int
    name: str
    summary: str = ""
    criterion: str = ""
    """When to move up to it (empty for the easier rung)."""


class ResolvedExercise(Printed):
    """One exercise card: the chosen level applied, the therapist's dosage on top, in the handout language."""

    id: str
    """The exercise in the programme, ``plugin.name``."""
    shown_id: str = ""
    """The exercise whose words print: another one when the level is a link to it."""
    plugin: str = ""
    section: str = ""
    kind: str = ""
    targets: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    name: str
    """The level's own name when it has one ("Clamshells with a band")."""
    base_name: str = ""
    """The exercise's name at its standard level."""
    summary: str = ""
    starting_position: str | None = None
    steps: tuple[str, ...] = ()
    feel: str | None = None
    mistakes: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    """The exercise's safety lines, then the chosen level's own."""
    level: ResolvedLevel = ResolvedLevel()
    dosage: Dosage = Dosage()
    """The dosage printed: exercise, level and therapist's change merged, the pain ceiling applied."""
    dosage_text: str = ""
    dosage_brief: str = ""
    minutes: float = 0
    """One session of this exercise, rounded up."""
    picture: ResolvedPicture = ResolvedPicture()
    easier: Neighbour | None = None
    harder: Neighbour | None = None
    note: str | None = ""
    references: tuple[str, ...] = ()

    @field_serializer("dosage")
    def _set_fields_only(self, dosage: Dosage) -> dict[str, Any]:
        return dosage.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


class ResolvedSection(Printed):
    """A part of the routine, with the exercises printed under it."""

    key: str
    title: str = ""
    instructions: str = ""
    exercises: tuple[int, ...] = ()
    """Indexes into :attr:`HandoutSnapshot.exercises`, in print order."""


class PatientPart(Printed):
    name: str = ""
    reference: str = ""


class ClinicPart(Printed):
    name: str = ""
    phone: str | None = ""
    address: str | None = ""
    logo: str | None = None
    """A data URI."""
    country: str = ""
    emergency_number: str = ""
    """The number the urgent tier says to call; empty prints "your local emergency number"."""


class TherapistPart(Printed):
    name: str = ""


class ProgrammePart(Printed):
    id: int | None = None
    version: int = 1
    title: str = ""
    goal: str | None = ""
    protocol_id: str | None = None
    protocol_name: str | None = None
    notes: str | None = ""


class PrintedPainRule(Printed):
    scale_max: int = 10
    ceiling: int
    next_morning_check: bool = True
    sharp_pain_stops: bool = True
    wording: str = ""


class PrintedReferral(Printed):
    tier: Literal["urgent", "doctor", "therapist"]
    text: str


class PrintedScheduleEntry(Printed):
    when: str = ""
    minutes: dict[str, int] | None = None
    what: tuple[str, ...] = ()


class PrintedRule(Printed):
    text: str
    rule_of_thumb: bool = False


class PrintedFlareUpRow(Printed):
    avoid: str
    instead: str


class Fallback(Printed):
    """One text that prints in English for want of a translation, so the builder can say so."""

    field: str
    exercise: str | None = None
    protocol: str | None = None
    typed: str | None = None
    """Set for text the therapist typed: the field it was typed in."""
    text: str | None = None


class ChangedItem(Printed):
    name: str
    before: str = ""
    after: str = ""


class Changes(Printed):
    """The handout's "What changed" box: since the latest earlier handout of the programme."""

    previous_date: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    level: tuple[ChangedItem, ...] = ()
    dosage: tuple[ChangedItem, ...] = ()
    sessions_done: int | None = None
    sessions_scheduled: int | None = None
    """Last whole week's sessions through the patient link, counted when the handout was made; none without a link."""


class HandoutSnapshot(Printed):
    """Everything one handout prints, as plain data (see the module docstring)."""

    language: str = "en"
    date: str
    """The day it was made, ISO format."""
    patient: PatientPart = PatientPart()
    clinic: ClinicPart = ClinicPart()
    therapist: TherapistPart = TherapistPart()
    programme: ProgrammePart = ProgrammePart()
    sections: tuple[ResolvedSection, ...] = ()
    """Only sections with exercises; exercises in no known section come last under "Other exercises"."""
    exercises: tuple[ResolvedExercise, ...] = ()
    missing_exercises: tuple[str, ...] = ()
    """Exercise ids whose plugin is gone: a handout with any is refused, never printed short."""
    pain_rule: PrintedPainRule | None = None
    referrals: tuple[PrintedReferral, ...] = ()
    schedule: tuple[PrintedScheduleEntry, ...] = ()
    progression_rules: tuple[PrintedRule, ...] = ()
    activity_changes: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    flare_up: tuple[PrintedFlareUpRow, ...] = ()
    total_minutes: float = 0
    """The busiest day's minutes, not the sum of everything in the programme."""
    fallbacks: tuple[Fallback, ...] = ()
    plugin_versions: dict[str, str] = {}
    handout_sections: tuple[HandoutSection, ...] = ()
    """What plugins added through ``clinic_handout_sections``: empty when the hook is being called."""
    changes: Changes | None = None

    def stored(self) -> dict[str, Any]:
        """The snapshot as the issued handout keeps it: JSON-ready, inside its envelope."""
        return SNAPSHOT.wrap(self.model_dump(mode="json"))


def _schema_1(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (until December 2026) had no envelope name; its fields read as they are."""
    return body


SNAPSHOT = Envelope(format="clinic.handout-snapshot", schema=2, upgrades={1: _schema_1}, unnamed_schemas=(1,))


def read_snapshot(data: Mapping[str, Any] | HandoutSnapshot) -> HandoutSnapshot:
    """A stored snapshot of any schema so far, as today's record."""
    if isinstance(data, HandoutSnapshot):
        return data
    return HandoutSnapshot.model_validate(SNAPSHOT.open(dict(data)))
