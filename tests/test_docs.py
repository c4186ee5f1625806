"""docs/plugins.md is tested against the code, so the reference cannot drift from it.

Every hook appears with its exact signature and its docstring's opening and
combination rules; every field of every data model is listed in that model's
own section of the reference.
"""

from __future__ import annotations

import inspect
import re

import pytest
from pydantic import BaseModel

from clinic import hookspecs
from clinic.config import PROJECT_ROOT
from clinic.exercise_data import (
    Dosage,
    Exercise,
    FlareUpRow,
    HandoutSection,
    IntRange,
    Level,
    Load,
    PainRule,
    Picture,
    Protocol,
    ProtocolItem,
    ProtocolSection,
    Reference,
    Referral,
    Rule,
    ScheduleEntry,
)
from clinic.exercise_data.dosage import Tempo
from clinic.exercise_data.exercise import ExerciseText

DOC = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
MODELS = [
    Exercise, Level, Picture, Reference, ExerciseText, Dosage, IntRange, Load, Tempo, Protocol,
    ProtocolSection, ProtocolItem, ScheduleEntry, Rule, FlareUpRow, PainRule, Referral, HandoutSection,
]
HOOKS = sorted(
    name for name, value in vars(hookspecs).items()
    if inspect.isfunction(value) and hookspecs.hookspec.project_name + "_spec" in vars(value)
)


def hook_signature(name: str) -> str:
    """The signature as written in the doc; annotations stay as in the source (they are strings)."""
    sig = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"{name}({params}) -> {sig.return_annotation}"


def section(heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\n", DOC, re.M)
    assert match, f"docs/plugins.md has no heading '{heading}'"
    level = len(match.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(DOC, match.end())
    return DOC[match.end() : end.start() if end else len(DOC)]


def flat(text: str) -> str:
    return " ".join(text.replace("``", "`").split())


def test_every_hookspec_is_found():
    assert HOOKS == ["clinic_exercises", "clinic_handout_sections", "clinic_protocols"]


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_exact_signature(name):
    assert hook_signature(name) in section(name)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_opening_and_combination_are_in_the_doc(name):
    doc = inspect.getdoc(getattr(hookspecs, name))
    paragraphs = doc.split("\n\n")
    text = flat(section(name))
    for paragraph in [paragraphs[0], *(p for p in paragraphs if p.startswith("Combination"))]:
        wanted = flat(re.sub(r":class:`([^`]+)`", r"`\1`", paragraph))
        assert wanted in text, f"the doc of {name} lacks: {wanted}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_in_its_models_section(model: type[BaseModel]):
    text = section(model.__name__)
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert not missing, f"docs/plugins.md, section {model.__name__}, does not mention: {missing}"


def test_the_models_list_covers_every_record_type():
    """A new record type must be added to MODELS (and so to the doc)."""
    from clinic.exercise_data.base import Record

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    known = {m.__name__ for m in MODELS}
    records = {c.__name__ for c in subclasses(Record) if c.__module__.startswith("clinic.exercise_data")}
    assert records <= known, f"undocumented record types: {sorted(records - known)}"
