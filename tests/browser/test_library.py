"""Finding exercises in a real Chromium: the hint's own examples, marks, the detail page, favourites."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.helpers import screenshot, sign_in
from tests.browser.test_builder_pages import start_programme


def _search(page: Page, text: str) -> None:
    with page.expect_response(lambda r: "/library?" in r.url):
        page.get_by_label("Search", exact=True).fill(text)


def test_the_hint_finds_what_it_names_and_added_ones_are_marked(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    hint = page.get_by_label("Search", exact=True).get_attribute("placeholder") or ""
    examples = [word.strip() for word in hint.removeprefix("e.g.").split(",")]
    assert len(examples) == 3, hint
    results = page.locator("#library-results .result")
    for example in examples:
        _search(page, example)
        expect(results.first).to_be_visible()
    _search(page, "knee")  # a body region finds exercises whose names do not say it
    expect(results.filter(has_text="Wall sit")).to_be_visible()
    clam = results.filter(has=page.get_by_role("link", name="Clamshells"))
    _search(page, "clams")
    expect(clam.get_by_text("In this programme")).to_be_visible()
    expect(clam.get_by_role("button", name="Add Clamshells again")).to_be_visible()


def test_star_an_exercise_then_show_only_favourites(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    _search(page, "wall sit")
    star = page.get_by_role("button", name="Favourite: Wall sit")
    expect(star).to_have_attribute("aria-pressed", "false")
    with page.expect_response(lambda r: r.url.endswith("/favourite")):
        star.click()
    expect(page.get_by_role("button", name="Favourite: Wall sit")).to_have_attribute("aria-pressed", "true")
    _search(page, "")
    with page.expect_response(lambda r: "/library?" in r.url and "favourites=1" in r.url):
        page.get_by_label("Only my favourites").check()
    names = page.locator("#library-results .result h3 a")
    expect(names).to_have_text(["Wall sit"])
    screenshot(page.locator(".library"), "05b-library-favourites")


def test_the_detail_page_shows_each_level(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    builder = start_programme(page, live_server.patient_id)
    _search(page, "wall sit")
    page.get_by_role("link", name="Wall sit").click()
    expect(page.get_by_role("heading", level=1, name="Wall sit")).to_be_visible()
    expect(page.locator(".rung")).not_to_have_count(0)
    assert page.locator(".rung").count() >= 2
    assert page.locator(".rung img").count() == page.locator(".rung").count()
    page.get_by_role("link", name=re.compile("^Back to ")).click()
    expect(page).to_have_url(builder)
