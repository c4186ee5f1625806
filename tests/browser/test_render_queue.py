"""The queued export in a real Chromium: Export PDF shows its progress, a worker renders, the download appears.

The session's live server is switched onto a Redis queue of its own for
this module (the config is read on every request); the render worker runs
here, in the test, while the server keeps answering in its thread.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clinic.db import db
from clinic.models import IssuedHandout
from tests.browser.conftest import LiveServer
from tests.browser.helpers import screenshot, sign_in
from tests.browser.test_builder_pages import start_programme
from tests.handout_support import page_texts
from tests.render_queue_support import REDIS_URL, forget_namespace, redis_or_skip, work_off


@pytest.fixture
def on_the_queue(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    redis_or_skip()
    namespace = f"browser-{secrets.token_hex(4)}"
    for key, value in (("REDIS_URL", REDIS_URL), ("REDIS_NAMESPACE", namespace), ("HANDOUT_CACHE_URL", REDIS_URL)):
        monkeypatch.setitem(live_server.app.config, key, value)
    yield live_server
    forget_namespace(namespace)


def test_export_on_the_queue_shows_progress_then_the_download(page: Page, on_the_queue: LiveServer,
                                                             tmp_path: Path) -> None:
    sign_in(page)
    start_programme(page, on_the_queue.patient_id)
    page.locator("#export-queued").click()
    status = page.locator("#export-job [role=status]")
    expect(status).to_contain_text("Waiting to print")
    screenshot(page, "19-export-queued")

    work_off(on_the_queue.app)
    expect(status).to_contain_text("The handout is ready.", timeout=10_000)  # the page asked again by itself
    screenshot(page, "19-export-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    saved = tmp_path / "handout.pdf"
    download.value.save_as(saved)
    pdf = saved.read_bytes()
    with on_the_queue.app.app_context():
        latest = db.session.execute(db.select(IssuedHandout).order_by(IssuedHandout.id.desc())).scalars().first()
        assert latest is not None and hashlib.sha256(pdf).hexdigest() == latest.pdf_sha256
    assert "Maria Lopez" in page_texts(pdf)[0]


def test_print_all_handouts_due_fills_its_progress_bar(page: Page, on_the_queue: LiveServer) -> None:
    sign_in(page)
    start_programme(page, on_the_queue.patient_id)  # a new programme: its handout is due
    page.goto("/patients")
    page.get_by_role("link", name="Handouts due").click()
    button = page.get_by_role("button", name=re.compile(r"^Print (all|the) \d+ handouts? due$"))
    expect(button).to_be_visible()
    found = re.search(r"\d+", button.inner_text())
    assert found
    total = int(found.group())
    button.click()
    noun = "handout" if total == 1 else "handouts"
    expect(page.locator("#batch [role=status]")).to_contain_text(f"0 of {total} {noun} finished")
    work_off(on_the_queue.app)
    expect(page.locator("#batch [role=status]")).to_contain_text(f"{total} of {total} {noun} finished",
                                                                 timeout=15_000)
    expect(page.get_by_role("link", name="Download all finished handouts (ZIP)")).to_be_visible()
    screenshot(page, "19-print-run-done")
