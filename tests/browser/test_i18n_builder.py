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
