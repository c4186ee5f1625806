"""Translations as plugin data: typed protocol text, alignment with the English, and check-plugin's report."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinic.contributor.check import check_plugin
from clinic.exercise_data.loader import PluginDataError, load_protocols
from clinic.exercise_data.protocol_text import phrasebook
from tests.handout_support import PROTOCOL
from tests.plugin_factory import exercise_toml, write_plugin

SECTIONS = """
[[sections]]
key = "strength"
title = "Strength"
instructions = "Do these first."

[[sections.items]]
exercise = "knees.bridge"
note = "Go slowly."
"""

PROTOCOL_ES = """
reviewed = false
name = "Rutina para el dolor de rodilla"
referrals = ["La rodilla falla y se hincha rápido.", "No puede apoyar peso en la pierna.",
             "El dolor está peor cada mañana durante 3 días."]
pain_rule = "Un poco de dolor está bien."

[sections.strength]
title = "Fuerza"

[notes]
"knees.bridge" = "Vaya despacio."
"""


def _plugin(root: Path, translation: str) -> Path:
    folder = write_plugin(root, "knees", exercises={"bridge": exercise_toml()},
                          protocols={"knee": PROTOCOL.format(sections=SECTIONS)})
    (folder / "protocols" / "knee.es.toml").write_text(translation, encoding="utf-8")
    return folder


def test_protocol_translation_is_typed_and_maps_english_to_spanish(tmp_path: Path) -> None:
    protocol = load_protocols(_plugin(tmp_path, PROTOCOL_ES), "knees")[0]
    text = protocol.translations["es"]
    assert text.reviewed is False and text.sections["strength"].title == "Fuerza"
    book = phrasebook(protocol, "es")
    assert book["Knee pain routine"] == "Rutina para el dolor de rodilla"
    assert book["Go slowly."] == "Vaya despacio."
    assert book["You cannot put weight on the leg."] == "No puede apoyar peso en la pierna."
    assert book["Do these first."] is None  # English with no translation: a fallback when printed
    assert all(value is None for value in phrasebook(protocol, "fr").values())


@pytest.mark.parametrize(("change", "message"), [
    ('referrals = ["Solo una."]', "referrals has 1 entries but the English has 3"),
    ('[sections.nope]\ntitle = "X"', "sections.nope: no section has this key"),
    ('[notes]\n"knees.other" = "X"', "notes.knees.other: no item of this exercise has a note"),
    ('colour = "rojo"', "not a field of this format"),
])
def test_a_translation_that_does_not_line_up_is_a_data_error(tmp_path: Path, change: str, message: str) -> None:
    folder = _plugin(tmp_path, f"reviewed = false\n{change}\n")
    with pytest.raises(PluginDataError) as problem:
        load_protocols(folder, "knees")
    assert message in str(problem.value)
    assert "knees/protocols/knee.toml" in str(problem.value)


def test_check_plugin_reports_missing_protocol_and_level_translations(tmp_path: Path) -> None:
    exercise = exercise_toml(extra="") + '\n[[levels]]\nstep = 1\nname = "One-leg bridge"\ncriterion = "Easy."\n'
    folder = write_plugin(tmp_path, "knees", exercises={"bridge": exercise},
                          protocols={"knee": PROTOCOL.format(sections=SECTIONS)})
    (folder / "exercises" / "bridge.es.toml").write_text(
        'reviewed = true\nname = "Puente"\n[levels."1"]\nname = "Puente a una pierna"\n', encoding="utf-8")
    warnings = [str(w) for w in check_plugin(folder, plugin_dirs=[]).warnings]
    missing = next(w for w in warnings if w.startswith("knees/exercises/bridge.es.toml: these level and picture"))
    assert "levels.1.criterion" in missing and "pictures_alt" in missing and "levels.1.name" not in missing
    assert any("knees/protocols/knee.toml, field 'translations': other files have a 'es' translation" in w
               for w in warnings)

    (folder / "protocols" / "knee.es.toml").write_text(PROTOCOL_ES, encoding="utf-8")
    warnings = [str(w) for w in check_plugin(folder, plugin_dirs=[]).warnings]
    assert any(w.startswith("knees/protocols/knee.es.toml: ") and "sentences are not translated" in w
               for w in warnings)
    assert "knees/protocols/knee.es.toml, field 'reviewed': not yet checked by a fluent clinician: " \
        "set reviewed = true once it is" in warnings


def test_shipped_spanish_is_complete_but_unreviewed() -> None:
    """Every patient-facing field of both shipped plugins has Spanish; none is reviewed yet."""
    from clinic.config import PROJECT_ROOT

    for name in ("runners_knee", "warmups"):
        check = check_plugin(PROJECT_ROOT / "plugins" / name, plugin_dirs=[str(PROJECT_ROOT / "plugins")])
        translation_warnings = [str(w) for w in check.warnings if ".es.toml" in str(w) or "translation" in str(w)]
        assert translation_warnings, name
        assert all("field 'reviewed'" in w for w in translation_warnings), translation_warnings


def test_a_stale_catalogue_is_compiled_when_the_app_starts(tmp_path: Path, monkeypatch) -> None:
    """After a pull that changed a .po, pages must not keep the old .mo's text."""
    import os

    from babel.support import Translations

    from clinic import i18n

    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Patients"\nmsgstr "Pacientes"\n', encoding="utf-8")
    (folder / "messages.mo").write_bytes(b"stale")
    os.utime(folder / "messages.mo", (1, 1))
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    i18n.compile_stale_catalogues()
    assert Translations.load(str(tmp_path), ["es"]).gettext("Patients") == "Pacientes"
    assert (folder / "messages.mo").stat().st_mode & 0o777 == 0o644
