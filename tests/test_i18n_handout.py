"""Handouts in the patient's language: Spanish for the shipped plugins, counted fallbacks, right to left.

Real plugins (the shipped ones, or a small one written into tmp), real WeasyPrint,
the PDF read back with pypdf and, for fonts, poppler's pdffonts.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from clinic.db import db
from clinic.exercise_data.snapshot import HandoutSnapshot
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_html, render_pdf
from clinic.models import IssuedHandout, Patient, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.conftest import _base_config
from tests.handout_support import log_in, page_texts
from tests.plugin_factory import exercise_toml, write_plugin

ROUTINE = "runners_knee.routine"
ARABIC_NAME = "جسر الورك"
ARABIC_STEP = "ارفع الوركين ببطء."


def fallbacks(snapshot: HandoutSnapshot) -> list[dict[str, str]]:
    """The snapshot's fallback entries with only the keys each sets, as the tests spell them."""
    return [f.model_dump(exclude_none=True) for f in snapshot.fallbacks]


def _demo_programme(patient: Patient, therapist: User):
    programme = create_programme(patient, therapist, catalogue().protocols[ROUTINE])
    db.session.commit()
    return programme


def _export(client, programme, language: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.post(f"/programmes/{programme.id}/export", data={"language": language})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/pdf"
    return response.data


def test_spanish_handout_of_the_demo_programme(client, patient, therapist) -> None:
    """Headings (catalogue), protocol text, exercise steps and dosage words all in Spanish."""
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    pdf = _export(client, programme, "es")
    text = " ".join(page_texts(pdf))
    for spanish in (
        "Sus ejercicios en casa",                               # handout heading (messages.po)
        "Cuándo pedir ayuda",
        "La regla del dolor",
        "Calentamiento",                                        # protocol section (routine.es.toml)
        "Una molestia leve está bien.",                         # protocol pain rule
        "La almeja",                                            # exercise name (clamshell.es.toml)
        "Levante la rodilla de arriba, como una almeja que se abre.",  # a step
        "series de",                                            # dosage words
        "cada lado",
        "Página 1 de",                                          # page footer
        "Pida ayuda ya",                                        # referral tier
        "Cómo hacer sus ejercicios en casa",                    # the core's handout section
    ):
        assert spanish in text, spanish
    for english in ("Your home exercises", "When to get help", "Lift your top knee up", "sets of", "each side"):
        assert english not in text, english
    issued = db.session.execute(db.select(IssuedHandout)).scalar_one()
    assert issued.language == "es"
    assert issued.snapshot["fallbacks"] == []


def test_english_handout_is_unchanged_by_translations(client, patient, therapist) -> None:
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    text = " ".join(page_texts(_export(client, programme, "en")))
    assert "Your home exercises" in text and "Lift your top knee up, like a clamshell opening." in text
    assert "each side" in text and "Page 1 of" in text


def test_a_language_babel_does_not_know_is_refused_not_a_crash(client, patient, therapist) -> None:
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    for response in (client.post(f"/programmes/{programme.id}/export", data={"language": "qq"}),
                     client.get(f"/programmes/{programme.id}/language-check?language=qq")):
        assert response.status_code == 400
        assert "not a language clinic knows" in response.get_data(as_text=True)
    assert db.session.execute(db.select(IssuedHandout)).first() is None


def test_text_the_therapist_edited_prints_as_written(patient, therapist) -> None:
    """Unchanged protocol text is translated; edited text prints as written, counted until marked as Spanish."""
    from clinic.handout.language import mark_own_language

    programme = _demo_programme(patient, therapist)
    programme.referrals = [*programme.referrals[:-1], {"tier": "therapist", "text": "Llame a Ana si duele."}]
    db.session.commit()
    snapshot = build_snapshot(programme, therapist, HandoutOptions(language="es"))
    texts = [r["text"] for r in snapshot["referrals"]]
    assert "Llame a Ana si duele." in texts
    assert "La rodilla se bloquea, falla o se siente inestable." in texts
    assert fallbacks(snapshot) == [{"typed": "referrals", "field": "referrals", "text": "Llame a Ana si duele."}]
    assert mark_own_language(programme, "es", "Llame a Ana si duele.")
    db.session.commit()
    assert fallbacks(build_snapshot(programme, therapist, HandoutOptions(language="es"))) == []


def test_spanish_translation_is_marked_unreviewed_in_the_builder(client, patient, therapist) -> None:
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert 'name="language"' in page and '<option value="es"' in page
    check = client.get(f"/programmes/{programme.id}/language-check?language=es").get_data(as_text=True)
    assert "Spanish text not yet reviewed by a clinician" in check
    assert "0 fields will print in English" in check
    english = client.get(f"/programmes/{programme.id}/language-check?language=en").get_data(as_text=True)
    assert "reviewed" not in english


def _forget_request_locale() -> None:
    """The tests' app context outlives requests, so drop the locale Flask-Babel cached in ``g``."""
    from flask import g

    g.pop("_flask_babel", None)


def test_page_language_is_the_therapists_own_setting(client, patient, therapist) -> None:
    log_in(client, therapist)
    assert ">Patients<" in client.get("/patients").get_data(as_text=True)
    response = client.post("/account/language", data={"ui_language": "es"})
    assert response.status_code == 303
    assert db.session.get(User, therapist.id).ui_language == "es"
    _forget_request_locale()
    page = client.get("/patients").get_data(as_text=True)
    assert ">Pacientes<" in page and 'lang="es"' in page
    assert patient.language == "en"  # the patient's handout language is separate
    assert client.post("/account/language", data={"ui_language": "xx"}).status_code == 303
    assert db.session.get(User, therapist.id).ui_language == "es"


# A small plugin with one untranslated field in Spanish and an Arabic translation.

BRIDGE_ES = """
reviewed = false
name = "Puente"
summary = "Fortalece la parte de atrás de la cadera."
starting_position = "Acuéstese boca arriba con las rodillas dobladas."
steps = ["Suba la cadera.", "Baje despacio."]
pictures_alt = ["Una persona acostada con la cadera levantada."]
"""

BRIDGE_AR = f"""
reviewed = true
name = "{ARABIC_NAME}"
summary = "يقوي عضلات الورك."
starting_position = "استلقِ على ظهرك مع ثني الركبتين."
steps = ["{ARABIC_STEP}", "انزل ببطء."]
feel = "تشعر بالعمل في عضلات المقعدة."
pictures_alt = ["شخص مستلقٍ على ظهره ويرفع الوركين."]
"""


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict:
    """The shipped plugins plus a small test plugin with Spanish and Arabic text."""
    from clinic.config import PROJECT_ROOT

    root = tmp_path / "extra_plugins"
    folder = write_plugin(root, "lingo", exercises={"bridge": exercise_toml(name="Bridge")})
    (folder / "exercises" / "bridge.es.toml").write_text(BRIDGE_ES, encoding="utf-8")
    (folder / "exercises" / "bridge.ar.toml").write_text(BRIDGE_AR, encoding="utf-8")
    return {**_base_config(database_url), "PLUGIN_DIRS": [str(PROJECT_ROOT / "plugins"), str(root)]}


def _bridge_programme(patient: Patient, therapist: User):
    from clinic.services.programmes import add_exercise

    programme = create_programme(patient, therapist)
    add_exercise(programme, catalogue(), "lingo.bridge")
    db.session.commit()
    return programme


def test_fallback_warning_shows_the_count_before_export(client, patient, therapist) -> None:
    programme = _bridge_programme(patient, therapist)
    log_in(client, therapist)
    check = client.get(f"/programmes/{programme.id}/language-check?language=es").get_data(as_text=True)
    assert "1 field will print in English" in check
    assert "Bridge: feel" in check
    assert "Spanish text not yet reviewed by a clinician" in check
    snapshot = build_snapshot(programme, therapist, HandoutOptions(language="es"))
    assert fallbacks(snapshot) == [{"exercise": "lingo.bridge", "field": "feel"}]
    card = snapshot["exercises"][0]
    assert card["name"] == "Puente" and card["feel"] == "Work in your buttocks."


def _pdffonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_arabic_handout_lays_out_right_to_left(patient, therapist, tmp_path: Path) -> None:
    programme = _bridge_programme(patient, therapist)
    options = HandoutOptions(language="ar")
    snapshot = build_snapshot(programme, therapist, options)
    html = render_html(snapshot, options)
    assert '<html lang="ar" dir="rtl"' in html
    pdf = render_pdf(snapshot, options)
    text = " ".join(page_texts(pdf))
    assert ARABIC_NAME in text and ARABIC_STEP in text
    fonts = _pdffonts(pdf, tmp_path)
    arabic = [line for line in fonts.splitlines() if "Arabic" in line]
    assert arabic, fonts
    assert all(" yes " in line for line in arabic), fonts  # embedded (the "emb" column)
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "ar"
    # No Arabic dosage table: the dosage prints in English and is counted, like any other field.
    assert {"exercise": "lingo.bridge", "field": "dosage"} in fallbacks(snapshot)
    assert {"text": "clinic", "field": "headings and labels"} in fallbacks(snapshot)  # no Arabic catalogue
    assert "sets of" in snapshot["exercises"][0]["dosage_text"]


def test_left_to_right_languages_keep_ltr(patient, therapist) -> None:
    programme = _bridge_programme(patient, therapist)
    options = HandoutOptions(language="es")
    assert 'dir="ltr"' in render_html(build_snapshot(programme, therapist, options), options)


def test_a_language_or_print_size_change_alone_prints_no_change_box(client, patient, therapist) -> None:
    """The same programme in Spanish, then in large print, is not a new programme."""
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    _export(client, programme, "en")
    spanish = " ".join(page_texts(_export(client, programme, "es")))
    assert "Qué ha cambiado" not in spanish and "What changed" not in spanish
    response = client.post(f"/programmes/{programme.id}/export", data={"language": "es", "large_print": "1"})
    assert "Qué ha cambiado" not in " ".join(page_texts(response.data))
    assert [h.snapshot["changes"] for h in db.session.execute(db.select(IssuedHandout)).scalars()] == [None] * 3


def test_a_real_change_in_a_new_language_is_told_in_that_language(client, patient, therapist) -> None:
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    _export(client, programme, "en")
    clamshell = next(i for i in programme.items if i.exercise_id == "runners_knee.clamshell")
    clamshell.dosage = {"sets": 4, "reps": 8}
    db.session.commit()
    text = " ".join(page_texts(_export(client, programme, "es")))
    assert "Qué ha cambiado desde su última hoja" in text
    assert "Nueva cantidad: La almeja: 2-3 series de 10-20" in text
    box = text[text.index("Qué ha cambiado"):]
    box = box[:box.index("Calentamiento")]
    assert "sets" not in box and "each side" not in box and box.count("Nueva cantidad") == 1


NO_ARABIC = "Nothing in this handout is written in Arabic ('ar'): it would print in English."


def test_a_language_with_no_text_is_refused_everywhere(client, runner, patient, therapist, tmp_path: Path) -> None:
    """The runner's knee routine has no Arabic: preview, export, `flask handout` and `flask handouts` all say so."""
    programme = _demo_programme(patient, therapist)
    log_in(client, therapist)
    preview = client.get(f"/programmes/{programme.id}/preview?language=ar")
    assert preview.status_code == 400 and NO_ARABIC in preview.get_data(as_text=True)
    export = client.post(f"/programmes/{programme.id}/export", data={"language": "ar"})
    assert export.status_code == 400 and NO_ARABIC in export.get_data(as_text=True)
    assert "Choose a language the handout has text for: English, Spanish." in export.get_data(as_text=True)
    one = runner.invoke(args=["handout", str(programme.id), "--language", "ar", "-o", str(tmp_path / "x.pdf")])
    assert one.exit_code == 1 and NO_ARABIC in one.output and not (tmp_path / "x.pdf").exists()
    many = runner.invoke(args=["handouts", "--programmes", str(programme.id), "--language", "ar",
                               "--out", str(tmp_path / "batch")])
    assert many.exit_code == 1 and NO_ARABIC in many.output
    assert db.session.execute(db.select(IssuedHandout)).first() is None  # nothing was issued
    patient.language = "ar"  # a patient record saved with it (before the form refused it) is refused too
    db.session.commit()
    assert NO_ARABIC in client.post(f"/programmes/{programme.id}/export", data={}).get_data(as_text=True)


def test_english_runs_in_a_right_to_left_handout_keep_their_direction(patient, therapist) -> None:
    programme = _bridge_programme(patient, therapist)
    options = HandoutOptions(language="ar")
    page = render_html(build_snapshot(programme, therapist, options), options)
    assert '<bdi dir="ltr">Your home exercises</bdi>' in page  # a heading with no Arabic catalogue yet
    assert '<bdi dir="ltr">2-3 sets of 10-12</bdi>' in page  # dosage words with no Arabic table
    assert f"<li>{ARABIC_STEP}</li>" in page  # Arabic text is left to the page's direction
    assert re.search(r'<h1 [^>]*dir="ltr"><bdi dir="ltr">Your home exercises</bdi></h1>', page)  # all-English block
    assert re.search(r'<p class="start"><strong><bdi dir="ltr">Start:</bdi></strong> [^<]*[\u0600-\u06ff]', page)
    english = render_html(build_snapshot(programme, therapist, HandoutOptions()), HandoutOptions())
    assert "<bdi" not in english
