"""``flask check-plugin``: errors name file, line and field and exit 1; warnings alone exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic import PLUGIN_API
from clinic.contributor.check import check_plugin
from clinic.contributor.scaffold import create_plugin
from clinic.testing import assert_plugin_contract, check_plugin_contract
from tests.plugin_factory import exercise_toml, write_plugin


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    return folder


def run_check(runner, folder: Path, plugins: Path):
    runner.app.config["PLUGIN_DIRS"] = [str(plugins)]
    return runner.invoke(args=["check-plugin", str(folder)])


def test_bad_field_is_an_error_with_file_line_and_field(runner, plugins):
    bad = exercise_toml().replace('kind = "strength"', 'kind = "strenght"')
    folder = write_plugin(plugins, "hips", exercises={"bridge": bad})
    result = run_check(runner, folder, plugins)
    assert result.exit_code == 1
    assert "ERROR    hips/exercises/bridge.toml, line 4, field 'kind':" in result.output
    assert "1 error, " in result.output


def test_every_data_problem_is_listed_not_just_the_first(plugins):
    first = exercise_toml().replace('kind = "strength"', 'kind = "strenght"')
    second = exercise_toml().replace('feel = "Work in your buttocks."', 'feal = "Work."')
    folder = write_plugin(plugins, "hips", exercises={"bridge": first, "clam": second})
    problems = check_plugin_contract(folder, plugin_dirs=[plugins])
    assert any("bridge.toml, line 4, field 'kind'" in p for p in problems)
    assert any("clam.toml" in p and "field 'feal'" in p and "is not a field of the file's top level" in p
               and "It takes: " in p for p in problems)
    assert any("clam.toml" in p and "field 'feel'" in p and "required" in p for p in problems)


def test_broken_python_is_an_error(plugins):
    folder = write_plugin(plugins, "hips", init="import not_a_module_anywhere\n")
    problems = check_plugin_contract(folder, plugin_dirs=[plugins])
    assert len(problems) == 1
    assert "hips/__init__.py" in problems[0] and "not_a_module_anywhere" in problems[0]


def test_missing_init_is_an_error(plugins):
    folder = write_plugin(plugins, "hips")
    (folder / "__init__.py").unlink()
    assert any("no __init__.py" in p for p in check_plugin_contract(folder, plugin_dirs=[]))


def test_picture_that_is_not_a_picture_is_an_error(plugins):
    folder = write_plugin(plugins, "hips")
    (folder / "pictures" / "a.svg").write_text("<svg><g></svg>")
    problems = check_plugin_contract(folder, plugin_dirs=[])
    assert any("pictures/a.svg is not a valid SVG file" in p for p in problems)


def test_reference_to_another_plugins_exercise_resolves_through_plugin_dirs(plugins, tmp_path):
    protocol = (Path(__file__).parent / "test_plugin_discovery.py").read_text()
    start = protocol.index('name = "Hip routine"')
    text = protocol[start : protocol.index('"""', start)].replace("nowhere.nothing", "warm.bridge")
    write_plugin(plugins, "warm")
    folder = write_plugin(tmp_path / "elsewhere", "hips", protocols={"routine": text})
    assert check_plugin_contract(folder, plugin_dirs=[plugins]) == []
    alone = check_plugin_contract(folder, plugin_dirs=[])
    assert any("warm.bridge" in p for p in alone)
    with pytest.raises(AssertionError, match=r"\d\. hips/protocols/routine.toml, line \d+, .*warm\.bridge"):
        assert_plugin_contract(folder, plugin_dirs=[])


def test_same_name_as_another_folder_plugin_is_an_error(plugins, tmp_path):
    write_plugin(plugins, "hips")
    folder = write_plugin(tmp_path / "mine", "hips")
    assert any("another plugin folder is also named 'hips'" in p for p in check_plugin_contract(folder, [plugins]))


def test_warnings_alone_exit_zero_and_name_the_file(runner, plugins):
    hard = exercise_toml(
        extra='cautions = ["Discontinue immediately should you experience radiating neurological '
        'symptomatology or disproportionate musculoskeletal discomfort."]'
    )
    folder = write_plugin(plugins, "hips", exercises={"bridge": hard})
    result = run_check(runner, folder, plugins)
    assert result.exit_code == 0, result.output
    assert "No errors" in result.output
    out = result.output
    assert "WARNING  hips/exercises/bridge.toml, line 9, field 'cautions[0]': reads at about grade" in out
    assert "Hardest: \"Discontinue immediately" in out
    assert "field 'levels': no easier or harder level" in out
    assert "field 'references': no reference" in out


def test_missing_translation_and_unlicensed_picture_are_warnings(plugins):
    folder = write_plugin(plugins, "hips", exercises={"bridge": exercise_toml(), "clam": exercise_toml("Clam")})
    (folder / "exercises" / "bridge.es.toml").write_text('name = "Puente"\n')
    (folder / "pictures" / "spare.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    check = check_plugin(folder, plugin_dirs=[])
    assert check.errors == []
    warnings = [str(w) for w in check.warnings]
    assert "hips/exercises/clam.toml, field 'translations': other exercises have a 'es' translation but this one " \
        "does not: add exercises/clam.es.toml" in warnings
    assert not any("bridge.toml, field 'translations'" in w for w in warnings)
    assert any(w.startswith("hips/pictures/spare.png: no exercise uses this picture") for w in warnings)


def test_fresh_scaffold_has_no_findings_at_all(tmp_path):
    folder = create_plugin("knee_pain", tmp_path)
    check = check_plugin(folder, plugin_dirs=[])
    assert [str(f) for f in check.findings] == []
    assert list(check.exercises) == ["knee_pain.heel_raise"]


def test_no_folder_is_an_error(runner, tmp_path):
    result = runner.invoke(args=["check-plugin", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "there is no folder at" in result.output


def test_sibling_in_the_same_plugins_folder_resolves_references(plugins):
    protocol = (Path(__file__).parent / "test_plugin_discovery.py").read_text()
    start = protocol.index('name = "Hip routine"')
    text = protocol[start : protocol.index('"""', start)].replace("nowhere.nothing", "warm.bridge")
    write_plugin(plugins, "warm")
    folder = write_plugin(plugins, "hips", protocols={"routine": text})
    assert check_plugin_contract(folder, plugin_dirs=[plugins]) == []


@pytest.fixture
def clinic_plugin_path(tmp_path: Path) -> Path:
    """Overrides the pytest plugin's fixture, as an author testing another folder would."""
    return create_plugin("knee_pain", tmp_path / "elsewhere")


def test_clinic_plugin_fixture_loads_the_given_path(clinic_plugin, tmp_path):
    assert clinic_plugin.name == "knee_pain"
    assert clinic_plugin.root == (tmp_path / "elsewhere" / "knee_pain").resolve()
    assert list(clinic_plugin.exercises) == ["knee_pain.heel_raise"]
    assert clinic_plugin.exercises["knee_pain.heel_raise"].levels[0].name == "Seated heel raises"
    assert clinic_plugin.problems == []
    assert clinic_plugin.warnings == []


def test_partial_unreviewed_and_orphan_translations_are_warnings(plugins):
    folder = write_plugin(plugins, "hips")
    (folder / "exercises" / "bridge.es.toml").write_text('name = "Puente"\nsteps = ["Levante la cadera."]\n')
    (folder / "exercises" / "bridj.es.toml").write_text('name = "Puente"\n')
    check = check_plugin(folder, plugin_dirs=[])
    assert check.errors == []
    warnings = [str(w) for w in check.warnings]
    assert "hips/exercises/bridge.es.toml: these fields are not translated and will print in English: " \
        "summary, starting_position, feel" in warnings
    assert "hips/exercises/bridge.es.toml, field 'steps': has 1 steps but the English has 2" in warnings
    assert any(w.startswith("hips/exercises/bridge.es.toml, field 'reviewed': not yet checked") for w in warnings)
    assert "hips/exercises/bridj.es.toml: no exercise file bridj.toml, so this translation is never used" in warnings


def test_reference_into_a_broken_plugin_names_that_plugin(plugins):
    protocol = (Path(__file__).parent / "test_plugin_discovery.py").read_text()
    start = protocol.index('name = "Hip routine"')
    text = protocol[start : protocol.index('"""', start)].replace("nowhere.nothing", "warm.bridge")
    write_plugin(plugins, "warm", exercises={"bridge": exercise_toml().replace('kind = "strength"', 'kind = "x"')})
    folder = write_plugin(plugins, "hips", protocols={"routine": text})
    problems = check_plugin_contract(folder, plugin_dirs=[plugins])
    assert len(problems) == 2
    assert any("disabled" in p and "(these other plugins did not load: warm)" in p for p in problems)
    assert any("'warm.bridge'" in p and "The plugin 'warm' did not load" in p for p in problems)


SECTIONS_INIT = """
from clinic.plugin_kit import DataFolder, HandoutSection, hookimpl

data = DataFolder(__file__)


@hookimpl
def clinic_exercises():
    return data.exercises()


@hookimpl
def clinic_handout_sections(programme, language):
    names = [e["name"] for e in programme["exercises"]]
    return [HandoutSection(id="hips.tips", title="Tips", bullets=tuple(names))] + EXTRA
"""


@pytest.mark.parametrize(
    ("extra", "severity", "expected"),
    [
        ("[]", None, None),
        ("['not a section']", "error", "clinic_handout_sections item 1 is a str, not a HandoutSection"),
        ("[{'id': 'Bad Id', 'title': 'x'}]", "error", "clinic_handout_sections item 1, field id"),
        ("[1 / 0]", "warning", "clinic_handout_sections failed on a sample programme"),
    ],
)
def test_handout_sections_hook_is_tried_on_a_sample_programme(plugins, extra, severity, expected):
    folder = write_plugin(plugins, "hips", init=SECTIONS_INIT.replace("EXTRA", extra))
    check = check_plugin(folder, plugin_dirs=[])
    found = [f for f in check.findings if "clinic_handout_sections" in f.message]
    if expected is None:
        assert found == []
    else:
        assert [(f.severity, f.file) for f in found] == [(severity, "hips/__init__.py")]
        assert expected in found[0].message


def test_plugin_api_requirement_is_checked_with_line_and_field(plugins):
    folder = write_plugin(plugins, "hips", meta='name = "hips"\nversion = "1.0.0"\nrequires = ">=9"\n')
    errors = [str(f) for f in check_plugin(folder, plugin_dirs=[plugins]).errors]
    assert errors == ["hips/plugin.toml, line 3, field 'requires': needs clinic plugin API >=9, "
                      f"but this clinic provides {PLUGIN_API}"]


def test_retired_exercise_fields_still_load_and_are_named_for_deletion(plugins):
    retired = exercise_toml(extra='setting = "gym"\nsupervision = "supervised"')
    folder = write_plugin(plugins, "hips", exercises={"bridge": retired})
    check = check_plugin(folder, plugin_dirs=[plugins])
    assert check.errors == []
    assert "setting" not in type(check.exercises["hips.bridge"]).model_fields
    lines = [line.strip() for line in retired.splitlines()]
    found = {(f.field, f.line) for f in check.warnings if "no longer reads" in f.message}
    assert found == {("setting", lines.index('setting = "gym"') + 1),
                     ("supervision", lines.index('supervision = "supervised"') + 1)}


def test_a_typo_in_a_protocols_exercise_id_names_its_line_and_the_id_meant(plugins):
    protocol = (Path(__file__).parent / "test_plugin_discovery.py").read_text()
    start = protocol.index('name = "Hip routine"')
    text = protocol[start : protocol.index('"""', start)].replace("nowhere.nothing", "hips.bridg")
    broken = exercise_toml(name="Clam").replace('kind = "strength"', 'kind = "strenght"')
    folder = write_plugin(plugins, "hips", exercises={"bridge": exercise_toml(), "clam": broken},
                          protocols={"routine": text})
    problems = check_plugin_contract(folder, plugin_dirs=[plugins])
    line = text.splitlines().index(next(li for li in text.splitlines() if '"hips.bridg"' in li)) + 1
    assert any(f"routine.toml, line {line}, field 'sections[0].items[0].exercise'" in p
               and "Did you mean 'hips.bridge'?" in p for p in problems), problems
    assert any("clam.toml" in p and "field 'kind'" in p for p in problems)  # shown together, not one at a time


def test_an_unknown_field_in_a_level_is_named_at_its_own_line_with_the_table_it_is_in(plugins):
    text = exercise_toml(extra='''
[[levels]]
step = -1
name = "Small bridge"
criterion = "Move up when 15 feel easy."

[[levels]]
step = 1
name = "One-leg bridge"
criterion = "Move up when 15 feel easy."
summary = "On one leg."
sets = 3
''')
    folder = write_plugin(plugins, "hips", exercises={"bridge": text})
    problems = check_plugin_contract(folder, plugin_dirs=[plugins])
    line = text.splitlines().index("sets = 3") + 1
    (found,) = [p for p in problems if "levels[1].sets" in p]
    assert f"line {line}," in found and "is not a field of a Level" in found
    assert "'sets' is a field of [dosage]" in found and "It takes: step, criterion" in found
