"""A builder the therapist can trust: "Saved" means saved, and nothing typed is lost.

Per box: one refused value holds back no other box, and the badge says "Not saved"
while any box is refused or unsent. Leaving the page sends what was typed first;
after a conflict the typing is offered again on the latest version.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.helpers import edit, screenshot, sign_in
from tests.browser.test_builder_pages import start_programme


def _strength(page: Page, index: int = 0):
    card = page.locator('.item-list[data-section="strength"] > .item-card').nth(index)
    return card


def _open(card) -> None:
    card.get_by_text("Change level, dosage or note").click()


def _leave_box(page: Page, box, value: str, status: int = 200) -> None:
    edit(page, lambda: (box.fill(value), box.press("Tab")), status=status)


def test_a_refused_box_holds_back_no_other_box_and_the_badge_says_so(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    url = start_programme(page, live_server.patient_id)
    badge = page.locator("#save-status")
    card, other = _strength(page, 0), _strength(page, 1)
    _open(card)
    sets, reps = card.get_by_label("Sets"), card.get_by_label("Reps")
    _leave_box(page, sets, "-1", status=422)
    expect(card.get_by_text("Sets must be 1 or more.")).to_be_visible()
    expect(badge).to_contain_text("Not saved")

    _leave_box(page, reps, "12", status=422)  # saved, while the sets stay refused
    expect(card.locator(".dosage-line")).to_contain_text("12")
    expect(badge).to_contain_text("Not saved")

    _open(other)
    note = other.get_by_label("Note for the patient")
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 200):
        note.fill("Slowly.")
        note.press("Tab")
    expect(badge).to_contain_text("Not saved")  # a good edit elsewhere does not hide the red box
    expect(sets).to_have_attribute("aria-invalid", "true")

    _leave_box(page, sets, "3")
    expect(badge).to_have_text("Saved")
    expect(card.locator(".dosage-line")).to_contain_text("3 sets of 12")

    ceiling = page.get_by_label("Pain may reach")
    _leave_box(page, ceiling, "12", status=422)
    goal = page.get_by_label("Goal", exact=True)
    _leave_box(page, goal, "Climb the stairs at work.", status=422)
    expect(badge).to_contain_text("Not saved")

    page.goto(url)
    card = _strength(page, 0)
    _open(card)
    expect(card.get_by_label("Reps")).to_have_value("12")
    expect(card.get_by_label("Sets")).to_have_value("3")
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Climb the stairs at work.")
    expect(page.get_by_label("Pain may reach")).not_to_have_value("12")


def test_text_typed_and_not_sent_is_saved_before_a_link_leaves(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    url = start_programme(page, live_server.patient_id)
    card = _strength(page, 0)
    _open(card)
    note = card.get_by_label("Note for the patient")
    note.click()
    note.press_sequentially("Stop if it pinches.")
    expect(page.locator("#save-status")).to_contain_text("Not saved")  # still in the box: not sent
    asked = page.evaluate("""() => {
        const leaving = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(leaving);
        return leaving.defaultPrevented;
    }""")
    assert asked, "leaving with unsent text must ask first"

    # A click that leaves focus in the box (a tap on a tablet, or a link clicked by script).
    with page.expect_response(lambda r: r.request.method == "POST" and "/note" in r.url):
        page.locator(".breadcrumb a").dispatch_event("click")
    expect(page).to_have_url(f"{live_server.url}/patients/{live_server.patient_id}")
    page.goto(url)
    card = _strength(page, 0)
    _open(card)
    expect(card.get_by_label("Note for the patient")).to_have_value("Stop if it pinches.")


def test_after_a_conflict_the_typing_is_offered_again(context: BrowserContext, live_server: LiveServer) -> None:
    first = context.new_page()
    sign_in(first)
    url = start_programme(first, live_server.patient_id)
    second = context.new_page()
    second.goto(url)

    card = _strength(first)
    _open(card)
    _leave_box(first, card.get_by_label("Reps"), "15")

    other = _strength(second)
    _open(other)
    _leave_box(second, other.get_by_label("Sets"), "4", status=409)
    second.get_by_role("link", name="Load the latest version").click()

    offer = second.locator("#reapply")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Sets: 4")
    screenshot(offer, "09b-reapply")
    edit(second, offer.get_by_role("button", name="Apply what I typed").click)
    expect(offer).to_be_hidden()
    again = _strength(second)
    expect(again.get_by_label("Sets")).to_have_value("4")
    expect(again.locator(".dosage-line")).to_contain_text("4 sets of 15")
    second.reload()
    expect(second.locator("#reapply")).to_be_hidden()  # offered once
    expect(_strength(second).locator(".dosage-line")).to_contain_text("4 sets of 15")


def test_an_emptied_help_line_can_be_put_back(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    url = start_programme(page, live_server.patient_id)
    first = page.locator("#ref-text-1")
    text = first.input_value()
    assert text
    _leave_box(page, first, "")
    undo = page.locator("#referral-undo")
    expect(undo).to_contain_text(f"Removed the line “{text}”.")
    expect(page.locator("#ref-text-1")).not_to_have_value(text)
    edit(page, undo.get_by_role("button", name="Undo").click)
    expect(page.locator("#ref-text-1")).to_have_value(text)
    expect(undo).to_be_empty()
    page.goto(url)
    expect(page.locator("#ref-text-1")).to_have_value(text)


def _top(locator) -> float:
    return locator.evaluate("element => element.getBoundingClientRect().top")


def test_moves_and_levels_keep_the_focus_and_the_place_on_screen(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    card = _strength(page, 0)
    name = card.locator("h3").inner_text()
    down = page.get_by_role("button", name=f"Move {name} down")
    down.evaluate("element => element.scrollIntoView({block: 'center'})")
    before = _top(page.locator(".item-card", has=page.get_by_role("button", name=f"Move {name} down")))
    down.focus()
    edit(page, lambda: page.keyboard.press("Enter"))
    moved = page.locator(".item-card", has=page.get_by_role("button", name=f"Move {name} down"))
    expect(page.get_by_role("button", name=f"Move {name} down")).to_be_focused()
    assert abs(_top(moved) - before) < 2, (before, _top(moved))  # the card stays under the eye

    _open(moved)
    rung = moved.locator('input[name="level"]:checked')
    item_id = moved.get_attribute("data-item-id")
    rung.focus()
    before = _top(moved)
    edit(page, lambda: page.keyboard.press("ArrowRight"))
    changed = page.locator(f"#item-{item_id}")
    chosen = changed.locator('input[name="level"]:checked')
    expect(chosen).to_be_focused()
    assert abs(_top(changed) - before) < 2, (before, _top(changed))
    edit(page, lambda: page.keyboard.press("ArrowLeft"))  # the keyboard goes on from there
    expect(page.locator(f"#item-{item_id}").locator('input[name="level"]:checked')).to_be_focused()


def _on_screen(page: Page, locator) -> bool:
    """In the viewport and not covered: a tap in its middle reaches it."""
    return locator.evaluate("""element => {
        const box = element.getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        return box.top >= 0 && box.bottom <= window.innerHeight && element.contains(document.elementFromPoint(x, y));
    }""")


@pytest.mark.parametrize("size", [(1366, 900), (768, 1024)], ids=["laptop", "tablet-portrait"])
def test_export_and_add_exercises_stay_in_reach(page: Page, live_server: LiveServer, size) -> None:
    sign_in(page)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    start_programme(page, live_server.patient_id)
    bar = page.locator(".builder-bar")
    export, add = bar.get_by_role("button", name="Export PDF"), bar.get_by_role("link", name="Add exercises")
    for where in ("document.querySelector('#settings').scrollIntoView()", "window.scrollTo(0, 1e6)"):
        page.evaluate(where)
        assert _on_screen(page, export) and _on_screen(page, add), where
    add.click()
    expect(page.get_by_label("Search", exact=True)).to_be_focused()
    assert _on_screen(page, page.get_by_label("Search", exact=True))
    with page.expect_download():
        export.click()


def test_the_handout_panel_shows_the_handout_just_exported(page: Page, live_server: LiveServer) -> None:
    sign_in(page)
    start_programme(page, live_server.patient_id)
    panel = page.locator("#handout-changes")
    expect(panel).to_contain_text("No handout printed yet.")
    with page.expect_download():
        page.locator(".builder-bar").get_by_role("button", name="Export PDF").click()
    expect(panel).to_contain_text("Nothing: the printed handout is up to date.", timeout=15000)
    expect(panel).not_to_contain_text("No handout printed yet.")
    card = _strength(page, 0)
    _open(card)
    _leave_box(page, card.get_by_label("Sets"), "4")
    expect(panel).to_contain_text("4 sets")  # and from then on, what changed since


SHOWS_ALL = """element => element.scrollHeight <= element.clientHeight + 1
                          && element.scrollWidth <= element.clientWidth + 1"""


NO_FIELD_SIZING = """
    CSS.supports = (property) => property !== "field-sizing";
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("textarea { field-sizing: fixed !important; }");
    document.adoptedStyleSheets = [sheet];
"""


@pytest.mark.parametrize(("width", "grown_by"), [(1366, "css"), (768, "css"), (1366, "script")],
                         ids=["laptop", "tablet-portrait", "browser-without-field-sizing"])
def test_help_lines_show_their_whole_text(page: Page, live_server: LiveServer, width: int, grown_by: str) -> None:
    if grown_by == "script":
        page.add_init_script(NO_FIELD_SIZING)
    sign_in(page)
    page.set_viewport_size({"width": width, "height": 1000})
    url = start_programme(page, live_server.patient_id)
    lines = page.locator('[name="referral_text"]')
    sizing = lines.first.evaluate("element => getComputedStyle(element).fieldSizing")
    assert sizing == ("content" if grown_by == "css" else "fixed")
    rows = lines.count()
    assert rows > 1
    for number in range(rows):
        assert lines.nth(number).evaluate(SHOWS_ALL), lines.nth(number).input_value()
    spare = lines.last
    long = ("Your knee gives way on the stairs more than once in a week, or you cannot bend it past "
            "a right angle two days after the exercises")
    _leave_box(page, spare, long)
    page.goto(url)
    saved = page.locator('[name="referral_text"]').nth(rows - 1)
    expect(saved).to_have_value(long)
    assert saved.evaluate(SHOWS_ALL)
    assert saved.evaluate("element => element.getBoundingClientRect().height") > 50  # two lines or more
