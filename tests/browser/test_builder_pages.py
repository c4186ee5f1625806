"""The builder under stress: two tabs, undo, a tablet screen, and an accessibility check."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.helpers import edit, screenshot, sign_in


def start_programme(page: Page, patient_id: int) -> str:
    """Start a runner's knee programme for the seeded patient; return the builder's address."""
    page.goto(f"/patients/{patient_id}/programmes/new")
    page.get_by_role("button", name=re.compile("^Start: Runner's knee")).click()
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    # The status is in the HTML; htmx binds the search box only once its script has run, and
    # text typed before that sends no request (a test timed out so on a busy machine).
    page.wait_for_load_state("load")
    return page.url


def _first_strength(page: Page):
    return page.locator('.item-list[data-section="strength"] > .item-card').first


def test_two_tabs_the_second_edit_is_refused_with_the_first_shown(context: BrowserContext,
                                                                   live_server: LiveServer) -> None:
    first = context.new_page()
    sign_in(first)
    url = start_programme(first, live_server.patient_id)
    second = context.new_page()
    second.goto(url)

    card = _first_strength(first)
    card.get_by_text("Change level, dosage or note").click()
    edit(first, lambda: (card.get_by_label("Reps").fill("15"), card.get_by_label("Reps").press("Tab")))

    other = _first_strength(second)
    other.get_by_text("Change level, dosage or note").click()
    sets = other.get_by_label("Sets")
    edit(second, lambda: (sets.fill("4"), sets.press("Tab")), status=409)
    conflict = second.locator("#conflict")
    expect(conflict).to_contain_text("Not saved: this programme was changed in another window")
    expect(conflict).to_contain_text("Sam Rivera")
    expect(conflict).to_contain_text("15")
    expect(sets).to_have_value("4")  # what was typed stays on screen
    expect(second.locator("#save-status")).to_contain_text("Not saved")
    screenshot(second.locator(".builder-head").locator("..").locator("#conflict"), "09-conflict")

    second.get_by_role("link", name="Load the latest version").click()
    reloaded = _first_strength(second)
    expect(reloaded.locator(".dosage-line")).to_contain_text("of 15")


def test_remove_then_undo_puts_the_exercise_back(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    names = page.locator('.item-list[data-section="strength"] > .item-card h3')
    before = names.all_inner_texts()
    edit(page, lambda: page.get_by_role("button", name=f"Remove {before[1]}").click())
    expect(page.locator("#undo-bar")).to_contain_text(f"Removed {before[1]}")
    assert names.all_inner_texts() == before[:1] + before[2:]
    edit(page, lambda: page.get_by_role("button", name="Undo").click())
    assert names.all_inner_texts() == before


def test_builder_fits_a_tablet_in_portrait(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    page.set_viewport_size({"width": 768, "height": 1024})
    start_programme(page, live_server.patient_id)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "10-tablet")


@pytest.mark.parametrize("where", ["login", "patients", "patient", "start", "builder", "library"])
def test_main_pages_have_no_serious_accessibility_violations(page: Page, live_server: LiveServer,
                                                              where: str) -> None:
    if where != "login":
        sign_in(page)
    paths = {"login": "/login", "patients": "/patients", "patient": f"/patients/{live_server.patient_id}",
             "start": f"/patients/{live_server.patient_id}/programmes/new", "library": "/library"}
    if where == "builder":
        start_programme(page, live_server.patient_id)
        _first_strength(page).get_by_text("Change level, dosage or note").click()
    else:
        page.goto(paths[where])
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in serious]


def test_quick_edits_in_a_row_do_not_conflict_with_each_other(page: Page, live_server: LiveServer) -> None:
    """Edits are queued, so each is sent with the version the one before it returned."""
    sign_in(page)
    start_programme(page, live_server.patient_id)
    card = _first_strength(page)
    card.get_by_text("Change level, dosage or note").click()
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if r.request.method == "POST" else None)
    card.get_by_label("Sets").fill("3")
    card.get_by_label("Note for the patient").fill("Go slowly.")  # moving on sends the sets at once
    card.get_by_label("Days a week").fill("4")
    card.get_by_label("Sets").click()  # and the note and the days
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.wait_for_function("document.querySelectorAll('.htmx-request').length === 0")
    assert answers and set(answers) == {200}, answers
    expect(card.locator(".dosage-line")).to_contain_text("3 sets")
    expect(card.locator(".dosage-line")).to_contain_text("4 days a week")


def test_programme_settings_save_as_typed_and_refuse_a_bad_ceiling(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    url = start_programme(page, live_server.patient_id)
    page.get_by_label("Goal", exact=True).fill("Run 5 km without knee pain.")
    page.get_by_label("Wording on the handout").fill("Mild pain is fine if it settles by morning.")
    page.get_by_label("Wording on the handout").press("Tab")  # two saves, one after the other
    expect(page.locator("#save-status")).to_have_text("Saved")
    page.wait_for_function("document.querySelectorAll('.htmx-request').length === 0")
    ceiling = page.get_by_label("Pain may reach")
    edit(page, lambda: (ceiling.fill("12"), ceiling.press("Tab")), status=422)
    expect(page.get_by_text("The pain ceiling must be a whole number from 0 to 10.")).to_be_visible()
    expect(page.get_by_label("Wording on the handout")).to_have_value("Mild pain is fine if it settles by morning.")
    edit(page, lambda: (ceiling.fill("3"), ceiling.press("Tab")))
    expect(page.get_by_text("The pain ceiling must be a whole number from 0 to 10.")).to_be_hidden()
    screenshot(page.locator("#settings"), "11-settings")
    page.goto(url)
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Run 5 km without knee pain.")
    expect(page.get_by_label("Wording on the handout")).to_have_value("Mild pain is fine if it settles by morning.")
    expect(page.get_by_label("Pain may reach")).to_have_value("3")
