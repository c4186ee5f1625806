"""Fuzz the plugin data loader: malformed files always give a PluginDataError naming the file.

Contributors are clinicians editing TOML by hand, so the loader meets every kind
of mistake: broken syntax, wrong types, stray bytes, half-deleted tables. None
may crash start-up with a traceback; each must point at the file (and field).
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.exercise_data.loader import PluginDataError, load_exercises, load_protocols
from tests.plugin_factory import SVG, exercise_toml

VALID = tomllib.loads(exercise_toml())
PROTOCOL = """
name = "Knee routine"
goal = "Walk further"
[[sections]]
key = "strength"
title = "Strength"
items = [{ exercise = "fz.ex" }]
"""

text_values = st.one_of(st.text(max_size=20), st.sampled_from(["", "\x00", "\x1b[31m", "\u202e", "a" * 5000,
                                                                "../../etc/passwd", "pictures/none.svg"]))
scalars = st.one_of(st.booleans(), st.integers(), st.floats(allow_nan=True), text_values)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["file", "step", "x", "sets", "kind", "alt"]),
                                            inner, max_size=3)),
    max_leaves=6,
)


def toml_value(value: Any) -> str:
    """A tiny TOML writer (the standard library only reads TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are TOML's too
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_document(data: dict[str, Any]) -> str:
    return "\n".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in data.items()) + "\n"


def _check(files: dict[str, bytes], sub: str = "exercises") -> None:
    """Write the files into a fresh plugin folder and load them."""
    root = Path(tempfile.mkdtemp()) / "fz"
    try:
        (root / sub).mkdir(parents=True)
        (root / "pictures").mkdir()
        (root / "pictures" / "a.svg").write_text(SVG)
        for name, content in files.items():
            (root / sub / name).write_bytes(content)
        loader = load_exercises if sub == "exercises" else load_protocols
        try:
            loader(root, "fz")
        except PluginDataError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file in {f"fz/{sub}/{name}" for name in files}, problem
                assert problem.message.strip()
                assert problem.file in str(exc)
    finally:
        shutil.rmtree(root.parent)


@st.composite
def mutated_data(draw: st.DrawFn) -> dict[str, Any]:
    data = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from([*data.keys(), "translations", "levels", "unknown_field", "id"]))
        action = draw(st.sampled_from(["replace", "delete", "nested"]))
        if action == "delete":
            data.pop(key, None)
        elif action == "nested" and isinstance(data.get(key), (dict, list)) and data[key]:
            inner = data[key]
            slot = draw(st.sampled_from(list(inner.keys()) if isinstance(inner, dict) else range(len(inner))))
            inner[slot] = draw(values)
        else:
            data[key] = draw(values)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data(), st.booleans())
def test_wrong_values_give_a_data_error_naming_the_file(data: dict[str, Any], translated: bool) -> None:
    files = {"ex.toml": toml_document(data).encode()}
    if translated:
        files["ex.es.toml"] = b'name = "Puente"\n'
    _check(files)


@st.composite
def mangled_text(draw: st.DrawFn) -> bytes:
    lines = exercise_toml().encode().split(b"\n")
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "cut", "junk", "bytes"]))
        if op == "drop":
            lines.pop(index)
        elif op == "dup":
            lines.insert(index, lines[index])
        elif op == "cut":
            lines[index] = lines[index][: draw(st.integers(0, max(len(lines[index]) - 1, 0)))]
        elif op == "junk":
            lines[index] = draw(st.text(max_size=30)).encode("utf-8", "surrogatepass")
        else:
            lines[index] = draw(st.binary(max_size=12))
        if not lines:
            break
    return b"\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_text(), st.one_of(st.none(), mangled_text(), st.binary(max_size=40)))
def test_broken_files_and_translations_give_a_data_error(main: bytes, translation: bytes | None) -> None:
    files = {"ex.toml": main}
    if translation is not None:
        files["ex.es.toml"] = translation
    _check(files)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["name", "goal", "sections", "schedule", "referrals", "pain_rule",
                                        "flare_up", "mistakes", "activity_changes", "id"]), values, max_size=5))
def test_protocol_files_give_a_data_error_naming_the_file(changes: dict[str, Any]) -> None:
    data = {**tomllib.loads(PROTOCOL), **changes}
    _check({"routine.toml": toml_document(data).encode()}, sub="protocols")


@settings(deadline=None)
@given(st.sampled_from(["name", "summary", "kind", "steps", "feel", "dosage", "pictures", "body_regions"]),
       st.one_of(st.integers(), st.lists(st.integers(), min_size=1, max_size=2), st.just({"x": 1})))
def test_a_wrong_type_names_its_field(field: str, value: Any) -> None:
    data = {**VALID, field: value}
    root = Path(tempfile.mkdtemp()) / "fz"
    try:
        (root / "exercises").mkdir(parents=True)
        (root / "exercises" / "ex.toml").write_text(toml_document(data))
        try:
            load_exercises(root, "fz")
        except PluginDataError as exc:
            assert any(p.field.startswith(field) for p in exc.problems), exc.problems
        else:
            raise AssertionError(f"{field} = {value!r} was accepted")
    finally:
        shutil.rmtree(root.parent)


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    root = tmp_path / "fz"
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "ex.toml").write_bytes(exercise_toml("Caf\xe9").encode("latin-1"))
    try:
        load_exercises(root, "fz")
    except PluginDataError as exc:
        (problem,) = exc.problems
        assert problem.file == "fz/exercises/ex.toml" and "UTF-8" in problem.message
        assert problem.line == 2
    else:
        raise AssertionError("a Latin-1 file was read")


def test_translations_that_are_not_a_table_beside_a_translation_file(tmp_path: Path) -> None:
    root = tmp_path / "fz"
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "ex.toml").write_text('translations = "es"\n' + exercise_toml())
    (root / "exercises" / "ex.es.toml").write_text('name = "Puente"\n')
    try:
        load_exercises(root, "fz")
    except PluginDataError as exc:
        assert [p.field for p in exc.problems] == ["translations"]
    else:
        raise AssertionError("a string was accepted as the translations table")
