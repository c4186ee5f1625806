"""A therapist's day in the builder, from sign-in to a printed handout.

The screenshots of this journey are the pictures of docs/user-guide.md, so the
guide shows the pages as they are.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import edit, screenshot, sign_in


def _card(page: Page, name: str):
    return page.locator(".item-card", has=page.locator("h3", has_text=re.compile(f"^{re.escape(name)}$")))


def _names(page: Page, section: str) -> list[str]:
    return page.locator(f'.item-list[data-section="{section}"] > .item-card h3').all_inner_texts()


def _drag(page: Page, handle, target) -> None:
    """Press, move in small steps past the middle of the target, release: as a hand does."""
    handle.evaluate("element => element.scrollIntoView({block: 'center'})")  # both cards on screen
    start, end = handle.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 40, end["y"] + end["height"] * 0.8, steps=15)
    page.mouse.up()


def test_from_sign_in_to_printed_handout(page: Page, tmp_path) -> None:
    page.goto("/login")
    screenshot(page, "01-sign-in")
    sign_in(page)

    page.goto("/patients/new")
    page.get_by_label("Name").first.fill("Ana Silva")
    screenshot(page, "02-new-patient")
    page.get_by_role("button", name="Add patient").click()
    expect(page.get_by_role("heading", name="Ana Silva")).to_be_visible()

    page.get_by_role("button", name="New programme").click()
    expect(page.get_by_role("heading", name="New programme for Ana Silva")).to_be_visible()
    screenshot(page, "03-start-programme")
    page.get_by_role("button", name=re.compile("^Start: Runner's knee")).click()
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    assert "Clamshells" in " ".join(_names(page, "strength"))
    screenshot(page, "04-builder")

    # Add a warm-up from the library: search by a word of its name.
    page.get_by_label("Search", exact=True).fill("leg swing")
    add = page.get_by_role("button", name="Add Leg swings at a wall")
    expect(page.locator("#library-results")).not_to_contain_text("Brisk walk")  # the search has answered
    expect(add).to_be_visible()
    screenshot(page.locator(".library"), "05-library")
    edit(page, add.click)
    assert _names(page, "warm_up")[-1] == "Leg swings at a wall"

    # Reorder with the keyboard: focus stays on the button that was pressed.
    first, second = _names(page, "strength")[:2]
    down = page.get_by_role("button", name=f"Move {first} down")
    down.focus()
    edit(page, lambda: page.keyboard.press("Enter"))
    assert _names(page, "strength")[:2] == [second, first]
    expect(page.get_by_role("button", name=f"Move {first} down")).to_be_focused()

    # Reorder by dragging the handle of the first strength card below the second.
    handle = page.locator('.item-list[data-section="strength"] > .item-card').nth(0).locator(".drag-handle")
    target = page.locator('.item-list[data-section="strength"] > .item-card').nth(1)
    edit(page, lambda: _drag(page, handle, target))
    assert _names(page, "strength")[:2] == [first, second]

    # Dosage: a good value saves; a bad one is refused where it was typed, the rest stays.
    clam = _card(page, "Clamshells")
    clam.get_by_text("Change level, dosage or note").click()
    sets, reps = clam.get_by_label("Sets"), clam.get_by_label("Reps")
    edit(page, lambda: (sets.fill("3"), sets.press("Tab")))
    expect(clam.locator(".dosage-line")).to_contain_text("3 sets")
    edit(page, lambda: (reps.fill("-5"), reps.press("Tab")), status=422)
    expect(clam.get_by_text("Reps must be 1 or more.")).to_be_visible()
    expect(reps).to_have_value("-5")
    expect(sets).to_have_value("3")
    expect(page.locator("#save-status")).to_contain_text("Not saved")
    screenshot(clam, "06-dosage-refused")
    edit(page, lambda: (reps.fill("12"), reps.press("Tab")))
    expect(clam.locator(".dosage-line")).to_contain_text("3 sets of 12")

    # Level: switch the clamshell up one rung; the card takes the level's name.
    edit(page, lambda: clam.get_by_text("Clamshells with a band", exact=True).click())
    banded = _card(page, "Clamshells with a band")
    expect(banded).to_be_visible()
    expect(banded.locator(".dosage-line")).to_contain_text("band")
    screenshot(banded, "07-level")

    # The preview shows the handout; export prints it.
    preview = page.frame_locator("#preview-frame")
    expect(preview.get_by_text("Clamshells with a band").first).to_be_visible()
    screenshot(page, "08-preview")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export PDF").click()
    pdf = tmp_path / "handout.pdf"
    download.value.save_as(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Ana Silva" in text
    assert "Leg swings at a wall" in text and "Clamshells with a band" in text
    assert "3 sets of 12" in text
