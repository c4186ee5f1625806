"""How the core calls plugin hooks: pluggy's way (each implementation gets the arguments it names),
one plugin at a time (a failure disables that plugin alone), visible to pluggy's call monitoring,
and with hook wrappers refused by name."""

from __future__ import annotations

from pathlib import Path

import pluggy

from clinic.catalogue import Catalogue, build_catalogue, handout_sections
from clinic.plugin_loader import folder_candidates, make_plugin_manager, register_plugins
from tests.plugin_factory import INIT, write_plugin

SECTION = 'HandoutSection(id="{name}.tips", title="{title}", bullets=("One.",))'


def sections_plugin(signature: str, title: str, name: str) -> str:
    """A data plugin that also adds one handout section through a hook of the given signature."""
    return (INIT + "\nfrom clinic.plugin_kit import HandoutSection\n\n\n@hookimpl\n"
            f"def clinic_handout_sections({signature}):\n"
            f"    return [{SECTION.format(name=name, title=title)}]\n")


def load(plugin_dir: Path) -> tuple[pluggy.PluginManager, Catalogue]:
    pm = make_plugin_manager()
    records = register_plugins(pm, folder_candidates([plugin_dir]))
    return pm, build_catalogue(pm, records)


def test_a_hook_taking_a_subset_of_the_arguments_is_called_with_those_it_names(tmp_path):
    write_plugin(tmp_path, "langonly", init=sections_plugin("language", "Language {}", "langonly")
                 .replace('"Language {}"', 'f"Language {language}"'))
    write_plugin(tmp_path, "reordered", init=sections_plugin("language, programme", "Reordered", "reordered"))
    pm, catalogue = load(tmp_path)
    assert all(p.enabled for p in catalogue.plugins), [p.error for p in catalogue.plugins]
    errors: list[tuple[str, str]] = []
    found = handout_sections(pm, {"exercises": []}, "es", lambda name, why: errors.append((name, why)))
    assert errors == []
    assert [s.title for s in found] == ["Language es", "Reordered"]


def test_a_failing_hook_is_reported_by_name_and_the_other_plugins_still_answer(tmp_path):
    write_plugin(tmp_path, "fine", init=sections_plugin("programme, language", "Fine", "fine"))
    write_plugin(tmp_path, "grumpy", init=INIT + "\n\n@hookimpl\ndef clinic_handout_sections(programme):\n"
                                                 "    raise ValueError('no programme for me')\n")
    pm, _ = load(tmp_path)
    errors: list[tuple[str, str]] = []
    found = handout_sections(pm, {"exercises": []}, "en", lambda name, why: errors.append((name, why)))
    assert [s.title for s in found] == ["Fine"]
    assert [name for name, _ in errors] == ["grumpy"]
    assert "ValueError: no programme for me" in errors[0][1]


def test_hook_call_monitoring_sees_each_plugins_call(tmp_path):
    write_plugin(tmp_path, "first", init=sections_plugin("language", "First", "first"))
    write_plugin(tmp_path, "second", init=sections_plugin("programme", "Second", "second"))
    pm, _ = load(tmp_path)
    seen: list[tuple[str, list[str]]] = []
    undo = pm.add_hookcall_monitoring(
        lambda hook, impls, kwargs: seen.append((hook, [i.plugin_name for i in impls])),
        lambda outcome, hook, impls, kwargs: None,
    )
    try:
        handout_sections(pm, {"exercises": []}, "en", lambda name, why: None)
    finally:
        undo()
    assert ("clinic_handout_sections", ["first"]) in seen
    assert ("clinic_handout_sections", ["second"]) in seen


WRAPPER = """
from clinic.plugin_kit import hookimpl


@hookimpl({option}=True)
def clinic_exercises():
    outcome = yield
    return outcome
"""


def test_hook_wrappers_are_refused_by_name_and_the_rest_load(tmp_path):
    write_plugin(tmp_path, "newstyle", init=WRAPPER.format(option="wrapper"), exercises={})
    write_plugin(tmp_path, "oldstyle", init=WRAPPER.format(option="hookwrapper"), exercises={})
    write_plugin(tmp_path, "hips")
    pm, catalogue = load(tmp_path)
    by_name = {p.name: p for p in catalogue.plugins}
    for name in ("newstyle", "oldstyle"):
        assert not by_name[name].enabled
        assert "hook wrappers are not supported: clinic_exercises" in by_name[name].error
        assert not pm.has_plugin(name)
    assert by_name["hips"].enabled
    assert "hips.bridge" in catalogue.exercises


def test_two_implementations_of_one_hook_in_one_plugin_answer_together(tmp_path):
    second = ('\n\n@hookimpl(specname="clinic_handout_sections")\ndef more_sections(language):\n'
              '    return [HandoutSection(id="twice.more", title="More", bullets=("Two.",))]\n')
    write_plugin(tmp_path, "twice", init=sections_plugin("language", "Once", "twice") + second)
    pm, _ = load(tmp_path)
    found = handout_sections(pm, {"exercises": []}, "en", lambda name, why: None)
    assert sorted(s.title for s in found) == ["More", "Once"]
