"""``flask new-plugin``: the scaffold is a working plugin, and tests/example_plugin is exactly it.

tests/example_plugin is installed by ``make test`` and found through its entry
point (tests/test_plugin_discovery.py), so keeping it identical to the
scaffold tests the scaffold as an installed package. To regenerate it:

    rm -rf tests/example_plugin
    flask --app clinic new-plugin example_plugin --dir tests --plugin-version 0.3.0
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from clinic.config import PROJECT_ROOT
from clinic.contributor.check import check_plugin
from clinic.contributor.scaffold import PluginNames, render
from clinic.figures import check_folder
from clinic.state import catalogue
from clinic.studio import exercise_types
from clinic.testing import check_plugin_contract

EXAMPLE = PROJECT_ROOT / "tests" / "example_plugin"
IGNORED_PARTS = {"build", "__pycache__", ".pytest_cache"}


def _tracked_files(folder: Path) -> dict[Path, str]:
    """The example's files, minus what pip and pytest leave behind in the folder."""
    return {
        path.relative_to(folder): path.read_text(encoding="utf-8")
        for path in folder.rglob("*")
        if path.is_file()
        and not IGNORED_PARTS & set(path.relative_to(folder).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    }


def test_example_plugin_is_the_scaffold_output():
    expected = render(PluginNames("example_plugin", "0.3.0"), check_path="tests/example_plugin")
    actual = _tracked_files(EXAMPLE)
    assert sorted(actual) == sorted(expected), "regenerate tests/example_plugin (see this module's docstring)"
    for relative, text in expected.items():
        assert actual[relative] == text, f"tests/example_plugin/{relative} differs from the scaffold"


def test_example_plugin_keeps_its_published_names():
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]
    assert project["name"] == "clinic-example-plugin"
    assert project["version"] == "0.3.0"
    assert project["entry-points"]["clinic"] == {"example_plugin": "clinic_example_plugin"}


def test_new_plugin_writes_a_plugin_that_loads_and_passes_the_checker(runner, tmp_path, app_config):
    result = runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "knee_pain"
    assert "check-plugin" in result.output
    assert (folder / "pictures" / "heel_raise.svg").is_file()
    assert check_plugin_contract(folder, plugin_dirs=[]) == []

    from clinic import create_app

    app = create_app({**app_config, "PLUGIN_DIRS": [str(tmp_path)]}, instance_path=str(tmp_path / "i"))
    exercise = catalogue(app).exercises["knee_pain.heel_raise"]
    assert exercise.ladder() == [-1, 0, 1]
    assert catalogue(app).plugin("knee_pain").version == "0.1.0"


def test_new_plugin_output_passes_the_checker_with_no_warnings(runner, tmp_path):
    runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path)])
    result = runner.invoke(args=["check-plugin", str(tmp_path / "knee_pain")])
    assert result.exit_code == 0, result.output
    assert "All good: no errors, no warnings (1 exercise, 0 protocols)." in result.output


@pytest.mark.parametrize("kind", exercise_types.TYPES, ids=lambda kind: kind.key)
def test_each_type_writes_an_example_that_passes_the_checker_with_no_warnings(runner, tmp_path, kind):
    result = runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path), "--type", kind.key])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "knee_pain"
    stem = f"example_{kind.key}"
    assert f"exercises/{stem}.toml" in result.output
    checked = runner.invoke(args=["check-plugin", str(folder)])
    assert "All good: no errors, no warnings (2 exercises, 0 protocols)." in checked.output, checked.output
    exercise = check_plugin(folder, [str(tmp_path)]).exercises[f"knee_pain.{stem}"]
    # The kind's dosage fields, filled; the easier level changes only dosage; the picture is its pose's drawing.
    assert exercise.kind == kind.kind
    assert {name for name, value in exercise.dosage if value not in (None, False)} == set(kind.dosage)
    assert exercise.ladder() == [-1, 0] and exercise.references
    assert (folder / "poses" / f"{stem}.toml").is_file() and (folder / "poses" / "heel_raise--seated.toml").is_file()
    assert check_folder(folder) == []


def test_an_unknown_type_is_refused_with_the_kinds_there_are(runner, tmp_path):
    result = runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path), "--type", "juggling"])
    assert result.exit_code == 2 and "held_stretch" in result.output and "walking_cycling" in result.output
    assert not (tmp_path / "knee_pain").exists()


def test_scaffolded_plugin_own_tests_pass(runner, tmp_path):
    """A contributor runs `pytest` in their folder: the pytest plugin's fixtures must work there."""
    runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path)])
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path / "knee_pain",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


@pytest.mark.parametrize("name", ["Knee", "knee-pain", "1knee", "k", "import", "a" * 41])
def test_new_plugin_refuses_a_bad_name(runner, tmp_path, name):
    result = runner.invoke(args=["new-plugin", name, "--dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "plugin name" in result.output
    assert not (tmp_path / "out").exists()


def test_new_plugin_refuses_an_existing_folder(runner, tmp_path):
    (tmp_path / "knee_pain").mkdir()
    (tmp_path / "knee_pain" / "notes.txt").write_text("mine")
    result = runner.invoke(args=["new-plugin", "knee_pain", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert sorted(p.name for p in (tmp_path / "knee_pain").iterdir()) == ["notes.txt"]


def test_new_plugin_defaults_to_the_apps_plugin_folder(runner, tmp_path):
    runner.app.config["PLUGIN_DIRS"] = [str(tmp_path / "app_plugins")]
    result = runner.invoke(args=["new-plugin", "knee_pain"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "app_plugins" / "knee_pain" / "plugin.toml").is_file()
