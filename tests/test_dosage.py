"""Structured dosage: validation of the short forms and the plain-words line."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from clinic.exercise_data import Dosage, describe_dosage


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"sets": [2, 3], "reps": [10, 12], "side": "each_side", "times_per_day": 1},
         "2-3 sets of 10-12, each side, once a day"),
        ({"hold_seconds": [20, 30], "hold_target_seconds": 60, "sets": 3},
         "hold 20-30 seconds, working up to 60 seconds, 3 times"),
        ({"sets": 1, "to_fatigue": True}, "1 set of as many as you can with good form"),
        ({"duration_minutes": [5, 10]}, "5-10 minutes"),
        ({"sets": 2, "reps": 10, "load": {"kind": "band", "band_colour": "green"}},
         "2 sets of 10, with a green band"),
        ({"reps": "10-20", "load": {"kind": "step_height_cm", "amount": 15}, "days_per_week": 3},
         "10-20 times, on a 15 cm step, 3 days a week"),
        ({"sets": 2, "reps": 8, "pain_ceiling": 3, "days_per_week": 7},
         "2 sets of 8, every day, keep pain at 3 out of 10 or less"),
    ],
)
def test_dosage_reads_as_plain_words(data, words):
    assert describe_dosage(Dosage.model_validate(data)) == words


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sets": -1}, "greater than or equal to 0"),
        ({"reps": [12, 10]}, "runs backwards"),
        ({"sets": 40}, "not a home dose"),
        ({"reps": "lots"}, "is not a number"),
        ({"pain_ceiling": 11}, "less than or equal to 10"),
        ({"reps": 10, "to_fatigue": True}, "not both"),
        ({"hold_seconds": 30, "hold_target_seconds": 10}, "shorter than the starting hold"),
        ({"load": {"kind": "kg"}}, "needs an amount"),
        ({"sets": True}, "not true/false"),
        ({"reps": 10, "weight": 3}, "Extra inputs are not permitted"),
    ],
)
def test_bad_dosage_is_refused_with_a_message(data, message):
    with pytest.raises(ValidationError) as caught:
        Dosage.model_validate(data)
    assert message in str(caught.value)


def test_override_replaces_only_the_fields_it_sets():
    base = Dosage.model_validate({"sets": [2, 3], "reps": [10, 12], "side": "each_side"})
    merged = base.merged(Dosage.model_validate({"reps": 15}))
    assert describe_dosage(merged) == "2-3 sets of 15, each side"
    fatigue = base.merged(Dosage.model_validate({"to_fatigue": True}))
    assert fatigue.reps is None and fatigue.to_fatigue


def test_estimated_minutes_grow_with_the_dose():
    light = Dosage.model_validate({"sets": 1, "reps": 10})
    heavy = Dosage.model_validate({"sets": 3, "reps": 15, "side": "each_side"})
    assert 0 < light.estimated_minutes() < heavy.estimated_minutes()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"sets": [2, 3], "reps": [10, 12], "side": "each_side", "times_per_day": 1},
         "2-3 series de 10-12, cada lado, una vez al día"),
        ({"hold_seconds": 30, "sets": 1}, "mantenga 30 segundos, 1 vez"),
        ({"load": {"kind": "kg", "amount": 2.5, "at": "hands"}, "sets": 1, "reps": 8},
         "1 serie de 8, con 2,5 kg en las manos"),
    ],
)
def test_dosage_is_phrased_in_spanish_from_data(data, words):
    assert describe_dosage(Dosage.model_validate(data), "es") == words


@pytest.mark.parametrize(("at", "english", "spanish"), [
    ("hands", "holding 1 kg", "con 1 kg en las manos"),
    ("ankle", "with a 1 kg weight on the ankle", "con un peso de 1 kg en el tobillo"),
    ("wrist", "with a 1 kg weight on the wrist", "con un peso de 1 kg en la muñeca"),
    ("body", "wearing 1 kg (a weighted vest or backpack)", "con 1 kg puestos (un chaleco o una mochila con peso)"),
    (None, "with a 1 kg weight", "con un peso de 1 kg"),
])
def test_load_words_follow_where_the_weight_is(at, english, spanish):
    """An ankle weight read "con 1 kg en las manos": every weight was said to be in the hands."""
    load = {"kind": "kg", "amount": 1, **({"at": at} if at else {})}
    dosage = Dosage.model_validate({"sets": 2, "reps": 10, "load": load})
    assert describe_dosage(dosage) == f"2 sets of 10, {english}"
    assert describe_dosage(dosage, "es") == f"2 series de 10, {spanish}"


def test_only_a_weight_says_where_it_is():
    with pytest.raises(ValidationError, match="only a weight"):
        Dosage.model_validate({"load": {"kind": "band", "at": "ankle"}})


def test_unknown_language_falls_back_to_english_words():
    assert describe_dosage(Dosage.model_validate({"sets": 2, "reps": 5}), "xx") == "2 sets of 5"


def test_brief_words_keep_only_how_much():
    dosage = Dosage.model_validate({"sets": [2, 3], "reps": [10, 20], "side": "each_side", "rest_seconds": 30,
                                    "tempo": {"up": 2, "hold": 1, "down": 2}, "days_per_week": 3})
    assert describe_dosage(dosage, brief=True) == "2-3 sets of 10-20, each side"
    assert "3 days a week" in describe_dosage(dosage)


def test_a_language_adds_its_dosage_words_in_its_po_file(tmp_path, monkeypatch):
    """Dosage phrases were a Python table: a language needed a code change."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from clinic.exercise_data import dosage_words

    catalog = Catalog(locale="fr", fuzzy=False)
    catalog.add("each side", "de chaque côté", context="dosage")
    catalog.add(("%(num)s set", "%(num)s sets"), ("%(num)s série", "%(num)s séries", "%(num)s séries"),
                context="dosage")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as target:
        write_po(target, catalog)
    monkeypatch.setattr(dosage_words, "TRANSLATIONS_DIR", tmp_path)
    dosage_words.translations.cache_clear()
    try:
        words = dosage_words.phrase_dosage(Dosage.model_validate({"sets": 2, "side": "each_side"}), "fr")
    finally:
        dosage_words.translations.cache_clear()
    assert words == "2 séries, de chaque côté"


def test_a_rep_unit_says_what_is_counted_and_an_object_is_a_load_in_english_and_spanish():
    alphabet = Dosage.model_validate({"sets": 2, "reps": [1, 2], "rep_unit": "times through the alphabet",
                                      "side": "each_side"})
    assert describe_dosage(alphabet) == "2 sets of 1-2 times through the alphabet, each side"
    assert describe_dosage(alphabet.merged(Dosage(reps=3))) == "2 sets of 3 times through the alphabet, each side"
    assert describe_dosage(Dosage.model_validate({"reps": 3, "rep_unit": "circles"})) == "3 circles"
    can = Dosage.model_validate({"sets": 2, "reps": 10, "load": {"kind": "object", "object": "a soup can"}})
    assert describe_dosage(can) == "2 sets of 10, holding a soup can"
    spanish = Dosage.model_validate({"reps": 3, "rep_unit": "veces el abecedario",
                                     "load": {"kind": "object", "object": "una lata"}})
    assert describe_dosage(spanish, "es") == "3 veces el abecedario, sosteniendo una lata"
    for load in ({"kind": "object"}, {"kind": "band", "object": "a can"}, {"kind": "object", "object": "a\ncan"}):
        with pytest.raises(ValidationError):
            Dosage.model_validate({"load": load})
