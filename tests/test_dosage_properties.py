"""Property-based tests: any input to Dosage gives a clear refusal or a dosage whose words show its numbers.

The generated values are what a form, a data file or an imported record could
carry: nothing, huge and negative numbers, NaN and infinities, floats, numeric
strings, control characters, lists of the wrong length and nested junk.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from clinic.exercise_data import Dosage, describe_dosage
from clinic.exercise_data.dosage_words import SUPPORTED_LANGUAGES

FIELDS = ["sets", "reps", "to_fatigue", "hold_seconds", "hold_target_seconds", "duration_minutes",
          "rest_seconds", "times_per_day", "days_per_week", "side", "load", "tempo", "pain_ceiling"]

numbers = st.one_of(
    st.integers(min_value=-5, max_value=700),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 2, 10, 600, 601, 2**63, -(2**63), 1.5, 2.0, float("nan"), float("inf")]),
)
junk_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "3", "2-3", "2–3", "3-2", "1-2-3", "ten", "\x00", "\u202e3", "٣", "３",
                     "1e3", "-1", "0x10", "\n2\n", "each_side", "both"]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, junk_text)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["low", "high", "kind", "amount", "band_colour", "up", "hold", "down", "x"]), inner, max_size=4)),
    max_leaves=8,
)
plausible = st.fixed_dictionaries(
    {},
    optional={
        "sets": st.one_of(st.integers(0, 12), st.tuples(st.integers(0, 12), st.integers(0, 12)).map(list)),
        "reps": st.one_of(st.integers(0, 210), st.tuples(st.integers(0, 210), st.integers(0, 210)).map(list)),
        "to_fatigue": st.booleans(),
        "hold_seconds": st.one_of(st.integers(0, 620), st.tuples(st.integers(0, 620), st.integers(0, 620)).map(list)),
        "hold_target_seconds": st.integers(-1, 620),
        "duration_minutes": st.integers(0, 130),
        "rest_seconds": st.integers(-1, 620),
        "times_per_day": st.integers(0, 7),
        "days_per_week": st.integers(0, 8),
        "side": st.sampled_from(["each_side", "both", "left", "right", "alternating", "up"]),
        "load": st.one_of(
            st.builds(dict, kind=st.sampled_from(["body_weight", "band", "kg", "step_height_cm"]),
                      amount=st.one_of(st.none(), st.floats(-1, 600, allow_nan=False))),
            st.builds(dict, kind=st.just("band"), band_colour=junk_text),
        ),
        "tempo": st.builds(dict, up=st.integers(-1, 31), hold=st.integers(0, 61), down=st.integers(0, 31)),
        "pain_ceiling": st.integers(-1, 11),
    },
)
anything = st.dictionaries(st.sampled_from([*FIELDS, "reps ", "Sets", "notes"]), values, max_size=6)


def _numbers_shown(dosage: Dosage) -> list[int]:
    """The numbers a patient must be able to read in the words."""
    shown: list[int] = []
    for name in ("sets", "reps", "hold_seconds", "duration_minutes"):
        value = getattr(dosage, name)
        if value is not None:
            shown += [value.low] + ([value.high] if value.high is not None else [])
    for name in ("hold_target_seconds", "pain_ceiling", "days_per_week"):
        value = getattr(dosage, name)
        if value is not None and not (name == "days_per_week" and value == 7):  # "every day"
            shown.append(value)
    if dosage.times_per_day is not None and dosage.times_per_day > 2:  # once/twice are words
        shown.append(dosage.times_per_day)
    if dosage.rest_seconds:
        shown.append(dosage.rest_seconds)
    if dosage.tempo is not None:  # a hold on the dosage is each rep's hold; "hold 0 s" is not said
        shown += [dosage.tempo.up, dosage.tempo.down]
        if dosage.hold_seconds is None and dosage.tempo.hold:
            shown.append(dosage.tempo.hold)
    return shown


def _check(data: Any) -> None:
    try:
        dosage = Dosage.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        assert errors, "a refusal must say what is wrong"
        assert all(str(e["msg"]).strip() for e in errors)
        return
    for language in (*SUPPORTED_LANGUAGES, "xx"):
        words = describe_dosage(dosage, language)
        assert isinstance(words, str)
        assert not re.search(r"[\x00-\x1f]", words), "control characters never reach the handout"
        found = [int(n) for n in re.findall(r"\d+", words)]
        for number in _numbers_shown(dosage):
            assert number in found, f"{number} missing from {words!r} ({language}) for {data!r}"
    if dosage.load is not None and dosage.load.amount is not None:
        assert math.isfinite(dosage.load.amount)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
@example({"sets": float("nan")})
@example({"reps": "\x00"})
@example({"hold_seconds": [10**30, 10**31]})
@example({"load": {"kind": "kg", "amount": float("inf")}})
def test_any_input_is_refused_clearly_or_described(data: dict[str, Any]) -> None:
    _check(data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible)
def test_plausible_dosages_show_all_their_numbers(data: dict[str, Any]) -> None:
    _check(data)


@settings(deadline=None)
@given(st.one_of(scalars, st.lists(scalars, max_size=3)))
def test_a_dosage_that_is_not_a_table_is_refused(data: Any) -> None:
    try:
        Dosage.model_validate(data)
    except ValidationError as exc:
        assert exc.errors()
    else:
        raise AssertionError(f"{data!r} was accepted as a dosage")


def test_repeated_holds_keep_both_the_count_and_the_hold() -> None:
    dosage = Dosage.model_validate({"sets": 2, "reps": 10, "hold_seconds": 5, "hold_target_seconds": 10})
    assert describe_dosage(dosage) == "2 sets of 10, hold each one 5 seconds, working up to 10 seconds"
    assert describe_dosage(dosage, "es") == "2 series de 10, mantenga cada una 5 segundos, hasta llegar a 10 segundos"


def test_an_override_that_only_raises_the_hold_target_still_says_it() -> None:
    assert describe_dosage(Dosage.model_validate({"hold_target_seconds": 45})) == "work up to a 45-second hold"


def test_a_band_colour_with_control_characters_is_refused() -> None:
    try:
        Dosage.model_validate({"load": {"kind": "band", "band_colour": "red\x1b[31m"}})
    except ValidationError as exc:
        assert exc.errors()[0]["loc"] == ("load", "band_colour")
    else:
        raise AssertionError("a control character reached the band colour")
