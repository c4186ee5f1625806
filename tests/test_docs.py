"""docs/plugins.md is tested against the code, so the reference cannot drift from it.

Every hook appears with its exact signature and its docstring's opening and
combination rules; every field of every data model is listed in that model's
own section of the reference.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import pytest
from packaging.version import Version
from pydantic import BaseModel

from clinic import PLUGIN_API, hookspecs
from clinic.config import PROJECT_ROOT
from clinic.exercise_data import Dosage, Exercise, HandoutSection, Level, Protocol
from clinic.exercise_data import snapshot as snapshot_module
from clinic.exercise_data.base import Record
from clinic.exercise_data.exercise import ExerciseText
from clinic.exercise_data.snapshot import HandoutSnapshot, Printed

DOC = (PROJECT_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def record_types() -> list[type[BaseModel]]:
    """Every data model plugins write, found by walking the package: a new one needs a doc section."""
    import clinic.exercise_data as package

    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {c for c in subclasses(Record) if c.__module__.startswith(package.__name__ + ".")}
    return sorted(found, key=lambda c: c.__name__)


MODELS = record_types()
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
    assert HOOKS == ["clinic_exercises", "clinic_handout_sections", "clinic_outcome_scales", "clinic_protocols"]


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


def test_the_record_walk_finds_the_known_types():
    """Guards the walk itself: if it found nothing, every field test would pass vacuously."""
    names = {m.__name__ for m in MODELS}
    assert {"Exercise", "Level", "Picture", "Reference", "Dosage", "IntRange", "Load", "Tempo", "Protocol",
            "ProtocolSection", "ProtocolItem", "ScheduleEntry", "Rule", "FlareUpRow", "PainRule", "Referral",
            "HandoutSection", "ExerciseText"} <= names


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def test_tutorial_exercise_and_picture_make_a_valid_exercise():
    import tomllib

    exercise_block, picture_block = code_blocks(section("Your first exercise plugin in 15 minutes"), "toml")
    data = tomllib.loads(exercise_block + "\n" + picture_block)
    exercise = Exercise.model_validate({"id": "knee_pain.wall_squat", **data})
    assert exercise.pictures[0].file == "pictures/wall_squat.svg"


@pytest.mark.parametrize(
    ("heading", "model", "pick"),
    [
        ("Level", Level, lambda d: d["levels"][0]),
        ("ExerciseText", ExerciseText, lambda d: d),
        ("Protocol", Protocol, lambda d: {"id": "knee_pain.routine", **d}),
    ],
)
def test_reference_examples_are_valid(heading, model, pick):
    import tomllib

    blocks = code_blocks(section(heading), "toml")
    assert blocks, f"section {heading} has no example"
    for block in blocks:
        model.model_validate(pick(tomllib.loads(block)))


def test_inline_dosage_examples_are_valid():
    for snippet in re.findall(r"^`((?:load|tempo) = \{.*\})`$", DOC, re.M):
        Dosage.model_validate(__import__("tomllib").loads(snippet))


def test_handout_sections_example_runs_and_returns_a_section():
    (code,) = code_blocks(section("clinic_handout_sections"), "python")
    namespace: dict = {}
    exec(compile(code, "docs/plugins.md", "exec"), namespace)  # noqa: S102 - our own doc's example
    hook = namespace["clinic_handout_sections"]
    def snapshot(kind: str) -> HandoutSnapshot:
        return HandoutSnapshot(date="2026-12-03", exercises=[{"id": "p.e", "name": "E", "kind": kind}])

    assert hook(snapshot("strength"), "en") == []
    (section_,) = hook(snapshot("balance"), "en")
    assert isinstance(section_, HandoutSection) and section_.bullets


def test_outcome_scales_example_runs_and_returns_a_valid_scale():
    from clinic.exercise_data import OutcomeScale

    (code,) = code_blocks(section("clinic_outcome_scales"), "python")
    namespace: dict = {}
    exec(compile(code, "docs/plugins.md", "exec"), namespace)  # noqa: S102 - our own doc's example
    (scale,) = namespace["clinic_outcome_scales"]()
    assert isinstance(scale, OutcomeScale) and scale.score_range == (0.0, 8.0)


def snapshot_records() -> list[type[BaseModel]]:
    return sorted((c for c in vars(snapshot_module).values()
                   if isinstance(c, type) and issubclass(c, Printed) and c is not Printed),
                  key=lambda c: c.__name__)


@pytest.mark.parametrize("model", snapshot_records(), ids=lambda m: m.__name__)
def test_every_snapshot_field_is_documented(model: type[BaseModel]):
    """Plugins read the snapshot: each of its records and fields is named under "The handout snapshot"."""
    text = section("The handout snapshot")
    assert f"`{model.__name__}`" in text or f"### {model.__name__}" in text
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert not missing, f"docs/plugins.md, The handout snapshot, does not mention {model.__name__}: {missing}"


def test_the_snapshot_walk_finds_the_records():
    assert {"HandoutSnapshot", "ResolvedExercise", "ResolvedSection", "Changes"} <= {
        m.__name__ for m in snapshot_records()}


def version_added(name: str) -> str:
    match = re.search(r"^\.\. versionadded:: (\S+)$", inspect.getdoc(getattr(hookspecs, name)), re.M)
    assert match, f"{name} has no '.. versionadded::' note"
    return match.group(1)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_says_which_plugin_api_added_it_in_code_and_doc(name):
    added = version_added(name)
    assert Version(added) <= Version(PLUGIN_API), f"{name} is added in {added}, after the current API"
    assert f"Added in plugin API {added}." in section(name)


def test_doc_states_the_current_plugin_api():
    assert f"clinic's plugin API is version {PLUGIN_API} (`clinic.PLUGIN_API`)" in flat(section("plugin.toml"))
