"""``flask preview`` prints a plugin's cards, or a sample handout of its protocol, from the folder alone."""

from __future__ import annotations

from pathlib import Path

from clinic.config import PROJECT_ROOT
from clinic.state import catalogue
from tests.handout_support import page_texts
from tests.plugin_factory import write_plugin

KNEE = PROJECT_ROOT / "plugins" / "runners_knee"


def _text(path: Path) -> str:
    return " ".join(page_texts(path.read_bytes()))


def test_an_exercise_prints_at_every_level_with_its_own_name_and_dosage(app, runner, tmp_path):
    out = tmp_path / "cards.pdf"
    result = runner.invoke(args=["preview", str(KNEE), "--exercise", "clamshell", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _text(out)
    exercise = catalogue(app).exercises["runners_knee.clamshell"]
    assert len(exercise.ladder()) > 2
    for level in exercise.levels:
        assert level.name in text
    assert "Your home exercises" in text and "Your weekly log" not in text


def test_a_protocol_prints_as_a_whole_handout_with_every_referral(app, runner, tmp_path):
    out = tmp_path / "routine.pdf"
    result = runner.invoke(args=["preview", str(KNEE), "--protocol", "routine", "--language", "es", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(_text(out).split())
    protocol = catalogue(app).protocols["runners_knee.routine"]
    for referral, spanish in zip(protocol.referrals, protocol.translations["es"].referrals or (), strict=False):
        assert " ".join(spanish.split())[:40] in text, referral.text
    assert "Su registro semanal" in text  # a whole protocol prints its log sheet, in the handout language
    assert protocol.referrals and protocol.translations["es"].referrals


def test_an_unknown_exercise_names_the_ones_that_exist(runner, tmp_path):
    result = runner.invoke(args=["preview", str(KNEE), "--exercise", "nope", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "has no exercise 'nope'" in result.output and "clamshell" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_plugin_with_errors_is_not_printed(runner, tmp_path):
    write_plugin(tmp_path, "broken", exercises={"bad": 'name = "Bad"\n'})
    result = runner.invoke(args=["preview", str(tmp_path / "broken"), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "ERROR" in result.output and "check-plugin" in result.output
