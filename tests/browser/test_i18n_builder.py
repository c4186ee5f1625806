"""The export form's language choice in a real browser: the fallback count and review note load before export."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.helpers import screenshot, sign_in
from tests.browser.test_builder_pages import start_programme


def test_choosing_spanish_says_what_prints_in_english_and_that_it_is_unreviewed(
        page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    check = page.locator("#language-check")
    expect(check).to_be_attached()
    expect(check.locator(".notice")).to_have_count(0)  # English: nothing to say

    page.locator("#export-language").select_option("es")
    expect(check.locator(".notice")).to_have_text("Spanish text not yet reviewed by a clinician")
    expect(check.locator(".fallback-count")).to_contain_text("0 fields will print in English")
    expect(page.locator("#preview-frame")).to_have_attribute("src", re.compile(r"/preview\?language=es$"))
    frame = page.frame_locator("#preview-frame")
    expect(frame.locator("h1")).to_have_text("Sus ejercicios en casa")
    screenshot(page.locator(".preview"), "i18n-export-spanish")


def _page_language(page: Page, language: str) -> None:
    page.goto("/account/password")
    page.locator("#ui-language").select_option(language)
    page.locator("form[action='/account/language'] button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_the_builder_speaks_the_page_language_when_saving_and_refusing(page: Page, live_server: LiveServer) -> None:
    """builder.js's status line and a refused dose, in Spanish: the words come from the page, not the script."""
    sign_in(page)
    start_programme(page, live_server.patient_id)
    builder = page.url
    _page_language(page, "es")
    try:
        page.goto(builder)
        expect(page.locator("#save-status")).to_have_text("Todos los cambios guardados")
        card = page.locator('.item-list[data-section="strength"] > .item-card').first
        card.locator("summary").first.click()
        reps = card.locator("input[name=reps]")
        with page.expect_response(lambda r: r.request.method == "POST" and "/dosage" in r.url):
            reps.fill("12")
            reps.press("Tab")
        expect(page.locator("#save-status")).to_have_text("Guardado")
        expect(card.locator(".dosage-line")).to_contain_text("series de")  # the dosage line in the page language
        with page.expect_response(lambda r: r.request.method == "POST" and "/dosage" in r.url):
            reps.fill("abc")
            reps.press("Tab")
        expect(page.locator("#save-status")).to_have_text("No guardado: revise el valor marcado en rojo")
        expect(card.locator(".error-text").filter(has_text="no es un número")).to_be_visible()
    finally:
        _page_language(page, "en")
