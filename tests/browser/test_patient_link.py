"""From the printed handout to a phone and back: the address on the PDF opens the patient's page.

Nothing is scanned: the address is read from the PDF's text, as a patient
would type it, and opened in a phone-sized Chromium. The screenshots are the
user guide's pictures of the patient link.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from clinic.db import db
from clinic.models import ExerciseCheckIn, OutcomeScore, Patient, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from tests.browser.conftest import THERAPIST_EMAIL, LiveServer
from tests.browser.helpers import screenshot, sign_in

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PRINTED = re.compile(r"(\S+/p/)\s*((?:[a-z2-7]{4}-){6}[a-z2-7]{4})")


def _programme(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        patient = db.session.get(Patient, live_server.patient_id)
        therapist = db.session.execute(db.select(User).filter_by(email=THERAPIST_EMAIL)).scalar_one()
        programme = create_programme(patient, therapist, catalogue().protocols["runners_knee.routine"])
        db.session.commit()
        return programme.id


def _days_checked_in(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.execute(db.select(db.func.count(db.distinct(ExerciseCheckIn.day)))).scalar_one()


def _scores(live_server: LiveServer) -> list[tuple[float, bool]]:
    with live_server.app.app_context():
        rows = db.session.execute(db.select(OutcomeScore).order_by(OutcomeScore.day, OutcomeScore.id)).scalars()
        return [(row.score, row.by_patient) for row in rows]


def test_the_printed_address_opens_on_a_phone_and_checks_in(page: Page, browser: Browser,
                                                            live_server: LiveServer, tmp_path) -> None:
    programme_id = _programme(live_server)
    sign_in(page)
    page.goto(f"/programmes/{programme_id}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export PDF").click()
    pdf = tmp_path / "handout.pdf"
    download.value.save_as(pdf)
    first_page = PdfReader(pdf).pages[0].extract_text()
    found = PRINTED.search(first_page)
    assert found, first_page[:500]
    address = "http://" + found.group(1) + found.group(2)

    # At a visit three weeks ago the therapist took a PSFS on paper, and asks the page for one every 14 days.
    page.goto(f"/patients/{live_server.patient_id}")
    scores = page.locator(".scores")
    scores.get_by_role("button", name="Record", exact=True).click()
    page.get_by_label("Date taken").fill((date.today() - timedelta(days=21)).isoformat())
    page.locator("#score-item-1").fill("Going down stairs")
    page.locator("fieldset.scale-item").first.get_by_text("3", exact=True).click()
    page.locator("#score-item-2").fill("Kneeling in the garden")
    page.locator("fieldset.scale-item").nth(1).get_by_text("2", exact=True).click()
    page.get_by_role("button", name="Save score").click()
    expect(page.get_by_text("PSFS score 2.5 saved.")).to_be_visible()
    page.get_by_label("every (days, 0 = never)").fill("14")
    scores.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The patient's page will ask for the PSFS every 14 days.")).to_be_visible()

    phone = browser.new_context(**PHONE)
    mobile = phone.new_page()
    response = mobile.goto(address)
    assert response is not None and response.status == 200
    expect(mobile.get_by_role("heading", name="Your home exercises, Maria")).to_be_visible()
    expect(mobile.get_by_role("heading", name="The pain rule")).to_be_visible()
    screenshot(mobile, "20-patient-page")

    form = mobile.locator(".check-in-form")
    form.locator("fieldset.done").first.get_by_text("Done", exact=True).tap()
    form.locator("fieldset.done").nth(1).get_by_text("Not done").tap()
    form.locator("fieldset.pain").get_by_text("2", exact=True).tap()
    mobile.get_by_label(re.compile("A note for your therapist")).fill("Stairs were easier")
    mobile.get_by_role("button", name="Save", exact=True).tap()
    expect(mobile.get_by_role("status")).to_have_text("Saved")
    screenshot(mobile.locator(".check-in"), "21-patient-check-in")

    # The page asks for the PSFS: the activities named at the visit are filled in, to be rated again.
    outcome = mobile.locator(".outcome")
    expect(outcome.get_by_role("heading", name="How are everyday tasks going?")).to_be_visible()
    expect(mobile.locator("#p-item-1")).to_have_value("Going down stairs")
    outcome.locator("fieldset.scale-item").first.get_by_text("7", exact=True).tap()
    outcome.get_by_role("button", name="Save my answers").tap()
    expect(mobile.locator("#score-answer")).to_have_text("Give activity 2 a number.")  # nothing lost: fix, save
    expect(mobile.locator("#p-item-1")).to_have_value("Going down stairs")
    outcome.locator("fieldset.scale-item").nth(1).get_by_text("6", exact=True).tap()
    screenshot(outcome, "23-patient-psfs")
    mobile.set_viewport_size({"width": 320, "height": 700})  # 200% zoom: the boxes and numbers wrap
    assert mobile.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    mobile.set_viewport_size(PHONE["viewport"])
    outcome.get_by_role("button", name="Save my answers").tap()
    expect(mobile.locator("#score-answer")).to_have_text("Saved. Thank you!")
    expect(mobile.locator(".score-form")).to_have_count(0)  # sent without leaving the page; the questions go
    assert _scores(live_server) == [(2.5, False), (6.5, True)]
    mobile.goto(address)
    expect(mobile.locator(".outcome")).to_have_count(0)  # not due again for 14 days

    # The second day offline: the page comes from the phone, the check-in waits there until online.
    assert mobile.evaluate("navigator.serviceWorker.ready.then(() => true)")
    mobile.reload()  # now through the service worker, which keeps the page
    expect(mobile.get_by_role("heading", name="The pain rule")).to_be_visible()
    phone.set_offline(True)
    mobile.reload()
    expect(mobile.get_by_role("heading", name="Your home exercises, Maria")).to_be_visible()
    mobile.get_by_label("Day", exact=True).select_option(label="Yesterday")
    form.locator("fieldset.done").nth(2).get_by_text("Done", exact=True).tap()
    mobile.get_by_role("button", name="Save", exact=True).tap()
    expect(mobile.get_by_role("status")).to_contain_text("Kept on this phone")
    assert _days_checked_in(live_server) == 1
    phone.set_offline(False)
    expect(mobile.get_by_role("status")).to_have_text("Saved")
    assert _days_checked_in(live_server) == 2

    # Readable at 200% zoom: a 640 px wide window at 200% is 320 CSS pixels, and nothing scrolls sideways.
    mobile.set_viewport_size({"width": 320, "height": 700})
    mobile.goto(address)
    assert mobile.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.goto(f"/patients/{live_server.patient_id}")
    # Other tests print for the same patient too: this link's block is the one with today's note.
    at_home = page.locator(".at-home .at-home-link").filter(has_text="Stairs were easier")
    expect(at_home).to_contain_text("Sessions done per week")
    expect(at_home.locator("td.percent").last).to_have_text(re.compile(r"^\d+%$"))
    expect(at_home.locator("td.pain")).to_have_text(["2"])
    expect(at_home).to_contain_text("Stairs were easier")
    charts = at_home.locator("svg[role=img]")
    expect(charts).to_have_count(2)
    expect(charts.first.locator("rect.chart-bar")).not_to_have_count(0)
    expect(charts.nth(1).locator("circle.chart-point")).to_have_count(1)
    assert charts.first.bounding_box()["width"] > 200  # drawn, not collapsed
    screenshot(at_home, "22-patient-link-adherence")
    score_part = page.locator(".scores")
    expect(score_part.locator("td.score")).to_have_text(["2.5", "6.5"])
    expect(score_part).to_contain_text("PSFS from 2.5 to 6.5 (+4).")
    expect(score_part).to_contain_text("Better by at least the minimal important change (2).")
    expect(score_part.locator("svg[role=img] circle.chart-point")).to_have_count(2)
    screenshot(score_part, "24-patient-link-scores")

    page.get_by_role("button", name=re.compile("^Stop link")).first.click()
    expect(page.get_by_text("The link no longer works")).to_be_visible()
    gone = mobile.goto(address)
    assert gone is not None and gone.status == 404
    expect(mobile.get_by_role("heading", name="This link does not work")).to_be_visible()
    phone.close()
