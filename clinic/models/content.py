"""What a programme holds besides its ids: one typed record for its JSON columns and both file formats.

The builder, the protocol copy, the programme file and the patient record all
write a programme's content, so they all go through :class:`ProgrammeContent`:
a rule about what a programme may hold (a level's range, a section's key, a
dosage's fields) is written here once. The records are frozen, like the plugin
data types they are built from, because a programme's content is replaced
whole, never edited in place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer

from clinic.exercise_data import Dosage, FlareUpRow, PainRule, Referral, Rule, ScheduleEntry
from clinic.exercise_data import Protocol as ExerciseProtocol
from clinic.exercise_data.base import SLUG_PATTERN
from clinic.exercise_data.exercise import Text
from clinic.i18n import N_

log = logging.getLogger(__name__)

DEFAULT_SECTION = "strength"
"""Where an item goes when nothing says which section: a key of :data:`DEFAULT_SECTIONS`."""

DEFAULT_SECTIONS: dict[str, dict[str, str]] = {
    "warm_up": {"title": N_("Warm-up"), "instructions": N_("Get warm before you start.")},
    "strength": {"title": N_("Strength"), "instructions": N_("Do these first, slowly and with control.")},
    "stretch": {"title": N_("Stretches"), "instructions": N_("Finish with these, gently.")},
}

DEFAULT_TITLE = N_("Home exercise programme")
"""A blank programme's title: the core's words, so the handout prints them in the patient's language."""

LEVEL_RANGE = (-3, 3)
"""The rungs a ladder may have (``Level.step``); 0 is the exercise itself."""

SECTION_KEY = SLUG_PATTERN
SectionKey = Annotated[str, Field(pattern=SECTION_KEY, max_length=40)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=20_000)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")]
NoteText = Annotated[str, Field(max_length=20_000)]
"""The builder takes 2,000 characters; early patient records could bring 20,000."""


class Content(BaseModel):
    """Frozen and strict about unknown keys, so a typo in a file is reported, not dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SectionDef(Content):
    """A part of the routine the items are grouped under, in the order the handout prints them."""

    key: SectionKey
    title: Text
    instructions: Annotated[str, Field(max_length=2000)] = ""


class ItemContent(Content):
    """One exercise of a programme; ``dosage`` holds only what differs from the exercise's own."""

    exercise_id: Annotated[str, Field(min_length=1, max_length=120)]
    section: SectionKey = DEFAULT_SECTION
    level: Annotated[int, Field(ge=LEVEL_RANGE[0], le=LEVEL_RANGE[1])] = 0
    dosage: Dosage = Dosage()
    note: NoteText = ""

    @field_serializer("dosage")
    def _override_only(self, dosage: Dosage) -> dict[str, Any]:
        return dosage_override(dosage)


class ProgrammeContent(Content):
    """Everything a programme holds that a file can carry; the field names are the column names."""

    title: Title
    goal: LongText = ""
    protocol_id: Annotated[str, Field(max_length=120)] | None = None
    protocol_name: Annotated[str, Field(max_length=2000)] | None = None
    notes: LongText = ""
    pain_rule: PainRule | None = None
    referrals: Annotated[tuple[Referral, ...], Field(max_length=100)] = ()
    schedule: Annotated[tuple[ScheduleEntry, ...], Field(max_length=100)] = ()
    progression_rules: Annotated[tuple[Rule, ...], Field(max_length=100)] = ()
    sections: Annotated[tuple[SectionDef, ...], Field(min_length=1, max_length=40)] = Field(
        default_factory=lambda: default_sections())
    activity_changes: Annotated[tuple[Text, ...], Field(max_length=100)] = ()
    mistakes: Annotated[tuple[Text, ...], Field(max_length=100)] = ()
    flare_up: Annotated[tuple[FlareUpRow, ...], Field(max_length=100)] = ()
    own_language: dict[LanguageCode, Annotated[tuple[Text, ...], Field(max_length=200)]] = {}
    """Per language, texts the therapist marked as already written in it (so not counted as English).

    They describe one patient's handout: a shared file or template leaves them behind.
    """
    items: Annotated[tuple[ItemContent, ...], Field(max_length=500)] = ()
    """In order: the handout prints them section by section, each section in this order."""

    @classmethod
    def from_protocol(cls, protocol: ExerciseProtocol, include_optional: bool = False) -> ProgrammeContent:
        """A programme's own copy of a protocol, so a later plugin change never rewrites it."""
        return cls(
            title=protocol.name,
            goal=protocol.goal,
            protocol_id=protocol.id,
            protocol_name=protocol.name,
            pain_rule=protocol.pain_rule,
            referrals=protocol.referrals,
            schedule=protocol.schedule,
            progression_rules=protocol.progression_rules,
            sections=tuple(SectionDef(key=s.key, title=s.title, instructions=s.instructions)
                           for s in protocol.sections),
            activity_changes=protocol.activity_changes,
            mistakes=protocol.mistakes,
            flare_up=protocol.flare_up,
            items=tuple(
                ItemContent(exercise_id=item.exercise, section=section.key, level=item.level,
                            dosage=item.dosage or Dosage(), note=item.note or "")
                for section in protocol.sections for item in section.items
                if include_optional or not item.optional
            ),
        )

    @classmethod
    def from_programme(cls, programme: StoredProgramme) -> ProgrammeContent:
        """The content of a stored programme; its JSON columns were checked when they were read.

        Text columns are not: a text longer than the record allows (a row older
        than a limit) is cut to the limit here, and logged, so an export still works.
        """
        fields: dict[str, Any] = {name: getattr(programme, name) for name in COLUMNS}
        fields["title"] = fields["title"] or DEFAULT_TITLE
        fields["sections"] = fields["sections"] or default_sections()
        keys = [s["key"] if isinstance(s, dict) else s.key for s in fields["sections"]]
        fields["items"] = [
            {"exercise_id": i.exercise_id, "section": i.section, "level": i.level,
             "dosage": i.dosage or {}, "note": i.note or ""}
            for i in printed_order(programme.items, keys)
        ]
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            for error in exc.errors():
                if error["type"] != "string_too_long":
                    raise
                _clip(fields, error["loc"], error["ctx"]["max_length"])
            return cls.model_validate(fields)

    def columns(self) -> dict[str, Any]:
        """The programme's column values, as JSON-ready data (the items are rows of their own)."""
        return self.model_dump(mode="json", include=set(COLUMNS))


COLUMNS = tuple(name for name in ProgrammeContent.model_fields if name != "items")


class StoredItem(Protocol):
    exercise_id: str
    section: str
    level: int
    position: int
    dosage: dict[str, Any]
    note: str


class StoredProgramme(Protocol):
    """What :meth:`ProgrammeContent.from_programme` reads: the model's columns and items."""

    title: str
    items: Sequence[StoredItem]


def default_sections() -> tuple[SectionDef, ...]:
    return tuple(SectionDef(key=key, **texts) for key, texts in DEFAULT_SECTIONS.items())


Item = TypeVar("Item", bound=StoredItem)


def _clip(data: Any, location: tuple[int | str, ...], limit: int) -> None:
    *path, last = location
    for part in path:
        data = data[part]
    log.warning("stored programme text %s is longer than %d characters; exported cut", ".".join(map(str, location)),
                limit)
    data[last] = data[last][:limit]


def default_section_rows() -> list[dict[str, str]]:
    """The default sections as a ``sections`` column holds them."""
    return [s.model_dump(mode="json") for s in default_sections()]


def printed_order(items: Iterable[Item], section_keys: Sequence[str]) -> list[Item]:
    """Items in section order, then position: the order the handout prints them."""
    rank = {key: index for index, key in enumerate(section_keys)}
    return sorted(items, key=lambda i: (rank.get(i.section, len(section_keys)), i.position))


def dosage_override(dosage: Dosage | None) -> dict[str, Any]:
    """Store only the fields a protocol or therapist changed."""
    if dosage is None:
        return {}
    return dosage.model_dump(mode="json", exclude_unset=True, exclude_none=True)
