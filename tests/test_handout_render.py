"""The handout PDF: its content, layout rules, options, metadata and fonts (real WeasyPrint, read back with pypdf)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from clinic.db import db
from clinic.handout.context import date_words
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import render_pdf
from clinic.models import Patient, User
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, page_texts, text_sizes_pt


@pytest.fixture
def programme(patient: Patient, therapist: User):
    programme = demo_programme(patient, therapist)
    programme.items[0].note = "Keep your back flat on the floor."
    programme.items[1].dosage = {"sets": 3, "reps": 8, "side": "each_side", "times_per_day": 2}
    db.session.commit()
    return programme


def render(programme, therapist, **options):  # type: ignore[no-untyped-def]
    chosen = HandoutOptions(**options)
    snapshot = build_snapshot(programme, therapist, chosen)
    return snapshot, render_pdf(snapshot, chosen)


def test_everything_the_patient_needs_is_printed(programme, therapist) -> None:
    snapshot, pdf = render(programme, therapist)
    text = " ".join(page_texts(pdf))
    assert "Maria Lopez" in text
    assert "555-0199" in text and "Test clinic" in text and "Terry Therapist" in text
    assert "Run 5 km without knee pain." in text
    assert snapshot["pain_rule"]["wording"] in text
    for referral in snapshot["referrals"]:
        assert referral["text"] in text
    for exercise in snapshot["exercises"]:
        assert exercise["name"] in text
        assert exercise["dosage_text"] in text
    assert "3 sets of 8, each side, twice a day" in text
    assert "Keep your back flat on the floor." in text
    assert "Run on flat ground for 2 weeks." in text  # activity changes
    assert "Running downhill" in text and "Walk on flat ground" in text  # flare-up table
    assert "(rule of thumb)" in text
    assert "Doing your exercises at home" in text  # a clinic_handout_sections section
    assert "Picture credits" in text and "CC0-1.0" in text


@pytest.mark.parametrize("large_print", [False, True])
def test_each_card_keeps_name_and_dosage_on_one_page(programme, therapist, large_print: bool) -> None:
    snapshot, pdf = render(programme, therapist, large_print=large_print)
    card_pages = [t for t in page_texts(pdf) if "What you should feel" in t]
    for exercise in snapshot["exercises"]:
        together = [t for t in card_pages if exercise["name"] in t and exercise["dosage_text"] in t]
        assert together, f"{exercise['name']} is split from its dosage"


def test_every_page_names_the_patient_date_and_page_count(programme, therapist) -> None:
    snapshot, pdf = render(programme, therapist)
    pages = page_texts(pdf)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "Maria Lopez" in text
        assert f"Page {number} of {len(pages)}" in text
        assert date_words(snapshot["date"]) in text


def test_glance_page_lists_the_routine_and_the_pain_rule(programme, therapist) -> None:
    snapshot, pdf = render(programme, therapist)
    first = page_texts(pdf)[0]
    assert "Warm-up → Strength → Stretches" in first
    assert "The pain rule" in first
    assert all(e["name"] in first for e in snapshot["exercises"])


def test_log_sheet_is_an_option_and_help_is_not(programme, therapist) -> None:
    _, with_log = render(programme, therapist)
    _, without_log = render(programme, therapist, log_sheet=False)
    assert "Your weekly log" in " ".join(page_texts(with_log))
    assert "Pain next morning (0-10)" in " ".join(page_texts(with_log))
    plain = " ".join(page_texts(without_log))
    assert "Your weekly log" not in plain
    assert "When to get help" in plain and "Get help now" in plain and "See a doctor soon" in plain


@pytest.mark.parametrize(("paper", "width", "height"), [("A4", 595, 842), ("Letter", 612, 792)])
def test_paper_size(programme, therapist, paper: str, width: int, height: int) -> None:
    _, pdf = render(programme, therapist, paper=paper)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


@pytest.mark.parametrize(("large_print", "smallest"), [(False, 12.0), (True, 16.0)])
def test_body_text_size(programme, therapist, large_print: bool, smallest: float) -> None:
    _, pdf = render(programme, therapist, large_print=large_print)
    pages = page_texts(pdf)
    card_page = next(i for i, t in enumerate(pages) if "Lift your hips." in t)
    sizes = text_sizes_pt(pdf, card_page)
    assert sizes["Lift your hips."] >= smallest
    assert sizes["Lower slowly."] >= smallest


def test_metadata_and_tagging(programme, therapist) -> None:
    snapshot, pdf = render(programme, therapist, language="es")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Knee pain routine: Maria Lopez"
    assert reader.metadata.author == "Terry Therapist, Test clinic"
    assert reader.metadata["/CreationDate"].startswith("D:" + snapshot["date"].replace("-", ""))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_bundled_font_is_embedded(programme, therapist) -> None:
    _, pdf = render(programme, therapist)
    embedded = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                embedded.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert "Atkinson-Hyperlegible" in embedded
    assert "Atkinson-Hyperlegible-Bold" in embedded


def test_blank_programme_still_gets_a_pain_rule_and_help(patient, therapist) -> None:
    from clinic.services.programmes import add_exercise, create_programme
    from clinic.state import catalogue

    programme = create_programme(patient, therapist)
    add_exercise(programme, catalogue(), "handout_demo.move_2")
    db.session.commit()
    _, pdf = render(programme, therapist)
    text = " ".join(page_texts(pdf))
    assert "The pain rule" in text and "Stop if you feel sharp pain." in text
    assert "Get help now" in text and "Tell your therapist" in text and "555-0199" in text


def test_names_in_other_scripts_fall_back_to_noto(therapist) -> None:
    patient = Patient(clinic_id=therapist.clinic_id, display_name="Ελένη Παπαδοπούλου")
    db.session.add(patient)
    db.session.commit()
    programme = demo_programme(patient, therapist)
    _, pdf = render(programme, therapist)
    assert "Ελένη Παπαδοπούλου" in page_texts(pdf)[0]
    page_fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    fonts = {str(font.get_object()["/BaseFont"]) for font in page_fonts}
    assert any("Noto-Sans" in name for name in fonts), fonts
