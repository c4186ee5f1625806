"""The app shell in a real Chromium: strict CSP with htmx working, keyboard use, accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.helpers import sign_in

SHELL_PAGES = ["/patients", "/patients/new", "/account/password"]


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Every console error, which is where Chromium reports a CSP violation."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    return errors


def test_live_search_works_under_the_csp_with_csrf_on(page: Page, console_errors: list[str]) -> None:
    sign_in(page)
    page.goto("/patients")
    page.get_by_label("Search by name or reference").fill("p-0042")
    # The results change in place: htmx loaded from our origin, no inline script needed.
    expect(page.locator("#result-count")).to_have_text("1 patient matching “p-0042”.")
    expect(page.get_by_role("link", name="Maria Lopez")).to_be_visible()
    assert page.url.endswith("/patients?q=p-0042")
    page.get_by_label("Search by name or reference").fill("nobody-like-this")
    expect(page.locator("#result-count")).to_contain_text("No patients match")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_a_form_posted_from_the_page_passes_csrf(page: Page) -> None:
    sign_in(page)
    page.goto("/account/password")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("another long password")
    page.get_by_label("New password again").fill("another long password")
    page.get_by_role("button", name="Change password").click()
    # Reaching the form's own error (not the 400 page) shows the token went through.
    expect(page.locator("#current_password-error")).to_have_text("That is not your current password.")


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page: Page) -> None:
    sign_in(page)
    page.goto("/patients")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", SHELL_PAGES)
def test_shell_pages_have_no_serious_accessibility_violations(page: Page, path: str) -> None:
    sign_in(page)
    page.goto(path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]


def test_pages_reflow_at_200_percent_zoom(page: Page) -> None:
    """A 1280 px screen at 200% zoom is a 640 px wide layout: nothing may scroll sideways."""
    sign_in(page)
    page.set_viewport_size({"width": 640, "height": 800})
    for path in SHELL_PAGES:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
