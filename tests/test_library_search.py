"""Library search order and filters, and that each app's catalogue gets its own prepared index."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from clinic import create_app
from clinic.services.library_search import Query, examples, facets, search
from clinic.services.library_terms import equipment_kinds, facet_label
from clinic.state import catalogue
from tests.plugin_factory import exercise_toml, write_plugin

NAMES = {"calf": "Calf raise", "bridge": "Bridge", "side": "Side bridge", "wall": "Wall sit",
         "single": "Single-leg bridge"}


def _app(tmp_path: Path, name: str, exercises: dict[str, str], app_config: dict):  # type: ignore[no-untyped-def]
    write_plugin(tmp_path / name, name, exercises=exercises)
    return create_app({**app_config, "PLUGIN_DIRS": [str(tmp_path / name)]}, instance_path=str(tmp_path / f"i-{name}"))


def test_names_that_start_with_the_words_come_first_then_name_order(tmp_path: Path, app_config: dict) -> None:
    exercises = {stem: exercise_toml(name=name) for stem, name in NAMES.items()}
    exercises["wall"] = exercise_toml(name="Wall sit", extra='equipment = ["A wall"]\nsynonyms = ["Bridge hold"]')
    app = _app(tmp_path, "lib", exercises, app_config)
    with app.app_context():
        library = catalogue()  # also holds installed plugins (the example plugin), hence plugin="lib"
        assert [e.name for e in search(library, Query(plugin="lib"))] == sorted(NAMES.values(), key=str.lower)
        assert [e.name for e in search(library, Query(text="bridge", plugin="lib"))] == [
            "Bridge", "Side bridge", "Single-leg bridge", "Wall sit"]  # the last by its synonym
        assert [e.name for e in search(library, Query(text="BRIDGE side"))] == ["Side bridge"]
        assert [e.name for e in search(library, Query(equipment="wall", plugin="lib"))] == ["Wall sit"]
        assert "Wall sit" not in [e.name for e in search(library, Query(equipment="none"))]
        assert [e.name for e in search(library, Query(plugin="lib"), limit=2)] == ["Bridge", "Calf raise"]
        choices = facets(library)
        choices["equipment"].append("changed by a caller")
        assert "wall" in facets(library)["equipment"]
        assert "changed by a caller" not in facets(library)["equipment"]


def test_each_catalogue_is_searched_on_its_own(tmp_path: Path, app_config: dict) -> None:
    first = _app(tmp_path, "one", {"a": exercise_toml(name="Heel slide")}, app_config)
    second = _app(tmp_path, "two", {"b": exercise_toml(name="Hip hinge")}, app_config)
    with first.app_context():
        assert [e.name for e in search(catalogue(), Query(text="h", plugin="one"))] == ["Heel slide"]
        assert "two" not in facets(catalogue())["plugin"]
    with second.app_context():
        assert [e.name for e in search(catalogue(), Query(text="h", plugin="two"))] == ["Hip hinge"]
        assert search(catalogue(), Query(plugin="one")) == []
        assert "two" in facets(catalogue())["plugin"]


def _regions(toml: str, *regions: str) -> str:
    return toml.replace('body_regions = ["hip"]', f"body_regions = {list(regions)!r}".replace("'", '"'))


def test_words_match_regions_plurals_accents_and_other_languages(tmp_path: Path, app_config: dict) -> None:
    exercises = {
        "bridge": exercise_toml(name="Bridge",
                                extra='synonyms = ["Hip lift"]\n[translations.es]\nname = "Puente de glúteos"'),
        "calf": _regions(exercise_toml(name="Calf raise"), "calf", "ankle"),
        "knee": _regions(exercise_toml(name="Knee bends"), "knee"),
    }
    app = _app(tmp_path, "lib", exercises, app_config)
    with app.app_context():
        library = catalogue()

        def names(text: str) -> list[str]:
            return [e.name for e in search(library, Query(text=text, plugin="lib"))]

        assert names("bridges") == ["Bridge"]           # a plural finds the singular
        assert names("hip lift") == ["Bridge"]          # a synonym, before the hip region of the others
        assert names("ankle") == ["Calf raise"]         # a body region
        assert names("puente") == ["Bridge"]            # the Spanish name
        assert names("gluteos") == ["Bridge"]           # accents do not matter
        assert names("knee") == ["Knee bends"]          # the name, before anything else
        assert names("nothing-like-it") == []


def test_a_name_match_ranks_above_a_region_match(tmp_path: Path, app_config: dict) -> None:
    exercises = {
        "a": _regions(exercise_toml(name="Alphabet ankle circles"), "foot"),
        "b": _regions(exercise_toml(name="Bridge"), "ankle"),
    }
    with _app(tmp_path, "lib", exercises, app_config).app_context():
        assert [e.name for e in search(catalogue(), Query(text="ankle", plugin="lib"))] == [
            "Alphabet ankle circles", "Bridge"]


def test_the_search_hint_names_exercises_that_are_found(app: Flask) -> None:
    for language in ("en", "es"):
        hints = examples(catalogue(), language)
        assert hints, language
        for hint in hints:
            assert search(catalogue(), Query(text=hint), language=language), (language, hint)


def test_favourites_are_searched_within(app: Flask) -> None:
    some = next(iter(catalogue().exercises))
    assert [e.id for e in search(catalogue(), Query(), within={some})] == [some]
    assert search(catalogue(), Query(), within=set()) == []


@pytest.mark.parametrize(("lines", "kinds"), [
    (("A wall or chair to hold, if needed",), ("wall", "chair")),
    (("A smooth wall", "Light dumbbells (for the harder level)"), ("wall", "weights")),
    (("Shoes you can walk in",), ("shoes",)),
    (("A low step or the bottom stair",), ("step",)),
    (("A mat, folded towel or cushion under your knee",), ("mat", "towel", "cushion")),
    (("A tennis racket",), ("other",)),
    ((), ("none",)),
])
def test_equipment_lines_group_into_household_kinds(lines: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    assert equipment_kinds(lines) == kinds


def test_shipped_equipment_needs_no_other_kind(app: Flask) -> None:
    """Every shipped exercise's equipment falls in a named kind, so the filter misses none."""
    assert "other" not in facets(catalogue())["equipment"]


def test_filters_show_words_in_the_page_language(app: Flask) -> None:
    assert facet_label("kind", "warm_up") == "Warm-up"
    assert facet_label("equipment", "none") == "No equipment"
    assert facet_label("target", "hip_targeted") == "Hip targeted"
    with force_locale("es"):
        assert facet_label("kind", "warm_up") == "Calentamiento"
        assert facet_label("region", "knee") == "Rodilla"
        assert facet_label("equipment", "wall") == "Una pared"


def test_a_condition_pack_is_named_by_its_condition_in_the_page_language(app):
    """The filter reads "Rodilla del corredor..." on a Spanish page, not the plugin's English folder name."""
    with app.app_context():
        library = catalogue()
        english = facet_label("plugin", "runners_knee", library, "en")
        spanish = facet_label("plugin", "runners_knee", library, "es")
        protocol = library.protocols["runners_knee.routine"]
        assert english == protocol.condition.split(": ")[0] and ":" not in english
        assert spanish == protocol.translations["es"].condition.split(": ")[0] != english
        assert facet_label("plugin", "warmups", library, "es") == "Warmups"  # no protocol: its own name
