"""Library search order and filters, and that each app's catalogue gets its own prepared index."""

from __future__ import annotations

from pathlib import Path

from clinic import create_app
from clinic.services.library_search import Query, facets, search
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
        assert [e.name for e in search(library, Query(equipment="A wall"))] == ["Wall sit"]
        assert "Wall sit" not in [e.name for e in search(library, Query(equipment="None"))]
        assert [e.name for e in search(library, Query(plugin="lib"), limit=2)] == ["Bridge", "Calf raise"]
        choices = facets(library)
        choices["equipment"].append("changed by a caller")
        assert "A wall" in facets(library)["equipment"]
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
