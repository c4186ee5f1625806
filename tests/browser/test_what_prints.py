"""The builder shows what will print: the pain ceiling's wording, typed text, load and time."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.helpers import edit, sign_in
from tests.browser.test_builder_pages import _first_strength, start_programme


def test_a_new_pain_ceiling_shows_what_the_handout_will_say(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    ceiling = page.get_by_label("Pain may reach")
    edit(page, lambda: (ceiling.fill("5"), ceiling.press("Tab")))
    expect(page.locator("#set-pain-note")).to_contain_text("Keep it at 5 out of 10 or less")
    wording = page.get_by_label("Wording on the handout")
    edit(page, lambda: (wording.fill("Keep pain at 2 out of 10."), wording.press("Tab")), status=422)
    expect(page.get_by_text("The wording says 2 out of 10, but “Pain may reach” is 5.")).to_be_visible()
    expect(page.locator("#save-status")).not_to_have_text("Saved")


def test_typed_text_is_counted_for_spanish_and_can_be_marked(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    goal = page.get_by_label("Goal", exact=True)
    edit(page, lambda: (goal.fill("Run 5 km by March"), goal.press("Tab")))
    page.get_by_label("Handout language").select_option("es")
    check = page.locator("#language-check")
    expect(check).to_contain_text("Typed in the builder: goal")
    expect(check).to_contain_text("1 field will print in English")
    # The note refreshes itself after each save and on the language change; a click on a
    # button that a late refresh is replacing is lost, so let those answers arrive first.
    page.wait_for_load_state("networkidle")
    edit(page, lambda: check.get_by_role("button", name="Already in Spanish").click())
    expect(check).to_contain_text("0 fields will print in English")


def test_load_place_tempo_and_an_unusual_dose_show_on_the_card(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    card = _first_strength(page)
    card.get_by_text("Change level, dosage or note").click()
    more = card.locator("details.more-dose")
    if more.get_attribute("open") is None:  # open already when the exercise has a rest or tempo
        card.get_by_text("Time, rest, tempo and load").click()
    amount = card.get_by_label("Amount")
    edit(page, lambda: (amount.fill("1"), amount.press("Tab")))  # no load kind yet: nothing to change
    edit(page, lambda: card.get_by_label("Load", exact=True).select_option("kg"))
    expect(card.locator(".dosage-line")).to_contain_text("with a 1 kg weight")
    edit(page, lambda: card.get_by_label("Where the weight is").select_option("ankle"))
    expect(card.locator(".dosage-line")).to_contain_text("with a 1 kg weight on the ankle")
    tempo = card.get_by_label("Tempo")
    before = card.locator(".dosage-line").inner_text()
    edit(page, lambda: (tempo.fill("4-1-4"), tempo.press("Tab")))
    expect(card.locator(".dosage-line")).to_contain_text("up in 4 seconds, hold 1 second, down in 4 seconds")
    assert card.locator(".dosage-line").inner_text() != before
    reps = card.get_by_label("Reps")
    edit(page, lambda: (reps.fill("200"), reps.press("Tab")))
    expect(card.locator(".dose-warnings")).to_contain_text("200 reps is more than a home programme usually asks")
