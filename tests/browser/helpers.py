"""Steps the browser tests share: signing in, and screenshots for the user guide."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import THERAPIST_EMAIL
from tests.conftest import TEST_PASSWORD

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
MAX_WIDTH = 1100


def sign_in(page: Page, email: str = THERAPIST_EMAIL) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


STICKY_BAR = """hidden => document.querySelectorAll('.builder-bar').forEach(bar => {
    bar.style.visibility = hidden ? 'hidden' : '';
})"""
"""A picture of one part of a page shows that part: the builder's sticky bar would float over it.
(Set through the CSSOM: the page's CSP refuses an added style sheet.)"""


def screenshot(target: Page | Locator, name: str) -> Path:
    """Save a small PNG for docs/: scaled to a readable width, 256 colours, optimised."""
    if isinstance(target, Locator):
        target.page.evaluate(STICKY_BAR, True)
        try:
            shot = target.screenshot()
        finally:
            target.page.evaluate(STICKY_BAR, False)
    else:
        shot = target.screenshot()
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.Resampling.LANCZOS)
    path = IMAGES / f"{name}.png"
    IMAGES.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def edit(page: Page, action: Callable[[], object], status: int = 200) -> None:
    """Do one builder edit and wait for its answer (and the page's save state) to arrive."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/programmes/" in r.url) as answer:
        action()
    assert answer.value.status == status, answer.value.text()[:500]
    if status == 200:
        expect(page.locator("#save-status")).to_have_text("Saved")
