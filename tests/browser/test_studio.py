"""The contributor studio in Chromium: make a plugin, edit an exercise, watch its card, save, find it in the library."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_EMAIL, LiveServer
from tests.browser.helpers import screenshot, sign_in


def test_a_clinician_edits_an_exercise_and_sees_the_printed_card_as_they_type(page: Page, live_server: LiveServer):
    sign_in(page, ADMIN_EMAIL)
    page.goto("/studio/")
    page.get_by_label("Name (small letters, numbers and _)").fill("ankle_kit")
    page.get_by_role("button", name="Create plugin").click()
    expect(page.get_by_role("heading", name="ankle_kit")).to_be_visible()
    page.get_by_role("link", name="heel_raise").click()

    page.get_by_label("Name *").fill("Heel raises at the kitchen sink")
    page.get_by_label("Steps *").fill("Hold the edge of the sink.\nRise up on your toes.\nCome down slowly.")
    card = page.frame_locator("iframe[name=studio-cards]")
    # Redrawn from what is typed, with the handout's own card: the new name at every level of the ladder.
    expect(card.get_by_role("heading", name="Heel raises at the kitchen sink")).to_be_visible()
    expect(card.get_by_text("Hold the edge of the sink.")).to_be_visible()
    expect(card.locator("article.card")).to_have_count(3)
    screenshot(page, "studio-exercise")

    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("Saved ankle_kit/exercises/heel_raise.toml.")).to_be_visible()
    saved = Path(live_server.app.config["PLUGIN_DIRS"][0]) / "ankle_kit" / "exercises" / "heel_raise.toml"
    assert 'name = "Heel raises at the kitchen sink"' in saved.read_text(encoding="utf-8")

    page.goto("/library?q=kitchen+sink")
    expect(page.get_by_role("link", name="Heel raises at the kitchen sink")).to_be_visible()
