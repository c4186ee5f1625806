"""The contributor studio in Chromium: make a plugin, write an exercise with its ladder and picture, print it.

The issue's done-when, end to end: a plugin made in the browser, an exercise
with two levels, a level's figure posed from a ready pose with a prop, the live
card, a save that passes the real check and is byte-stable on a second save,
the exercise in the library and in a printed handout.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from clinic.contributor.check import check_plugin
from clinic.figures import check_folder
from tests.browser.conftest import ADMIN_EMAIL, LiveServer
from tests.browser.helpers import edit, screenshot, sign_in
from tests.conftest import TEST_PASSWORD


def _new_plugin(page: Page, name: str) -> None:
    sign_in(page, ADMIN_EMAIL)
    page.goto("/studio/")
    page.get_by_label("Name (small letters, numbers and _)").fill(name)
    page.get_by_role("button", name="Create plugin").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def test_a_clinician_edits_an_exercise_and_sees_the_printed_card_as_they_type(page: Page, live_server: LiveServer):
    _new_plugin(page, "ankle_kit")
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


def test_a_new_exercise_with_two_levels_and_a_posed_picture_prints_in_a_handout(
        page: Page, live_server: LiveServer, tmp_path: Path):
    folder = Path(live_server.app.config["PLUGIN_DIRS"][0]) / "balance_kit"
    _new_plugin(page, "balance_kit")
    # A new exercise of the kind "balance hold": its dosage is in seconds held, its picture from a ready pose.
    page.get_by_label("File name (small letters, numbers and _)").fill("chair_stand_balance")
    page.get_by_label("Kind of exercise").select_option("balance_hold")
    page.get_by_role("button", name="Start the exercise").click()
    expect(page.get_by_role("heading", name="balance_kit/exercises/chair_stand_balance.toml")).to_be_visible()
    expect(page.get_by_label("Kind *")).to_have_value("balance")

    page.get_by_label("Name *").fill("Standing balance at a chair")
    page.get_by_label("Summary *").fill("Helps you stay steady on your feet.")
    page.get_by_label("Steps *").fill("Stand tall behind a chair.\nHold the chair back with one hand.\n"
                                      "Stay still for a slow count of ten.")
    # The ladder: two harder rungs, added one after the other; what was typed stays.
    page.get_by_role("button", name="Add a harder level").click()
    first = page.locator("fieldset.studio-level", has_text="Level 1")
    first.get_by_label("Name", exact=True).fill("Standing with your feet together")
    first.get_by_label("When to move up *").fill("Move up to this when you can stand still for thirty seconds.")
    page.get_by_role("button", name="Add a harder level").click()
    expect(page.get_by_label("Name *")).to_have_value("Standing balance at a chair")
    new = page.locator("fieldset.studio-level", has_text="Level 2")
    new.get_by_label("Name", exact=True).fill("Standing on one leg at a chair")
    new.get_by_label("When to move up *").fill("Move up to this when you can stand still for ten seconds.")
    new.get_by_label("Steps", exact=True).fill("Hold the chair back.\nLift one foot off the floor.\n"
                                               "Stay still for a slow count of ten.")
    new.get_by_label("Hold (seconds)").fill("10")
    new.get_by_label("Side").select_option("each_side")
    card = page.frame_locator("iframe[name=studio-cards]")
    expect(card.get_by_role("heading", name="Standing on one leg at a chair")).to_be_visible()
    expect(card.locator("article.card")).to_have_count(4)  # the exercise, the kind's easier rung and two harder
    expect(card.get_by_text("Standing with your feet together").first).to_be_visible()
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("Saved balance_kit/exercises/chair_stand_balance.toml.")).to_be_visible()

    # The new level's picture: a ready pose with a chair, a band added, a leg moved by its slider.
    page.get_by_role("link", name="Pose the picture of level 2").click()
    page.get_by_label("Ready pose").select_option("one_leg")
    page.get_by_role("button", name="Start from this pose").click()
    expect(page.get_by_label("Chair, its back on the left")).to_be_checked()
    page.get_by_label("Loop band round the knees").check()
    page.get_by_label("Far thigh").fill("-110")
    figure = page.frame_locator("iframe[name=studio-figure]")
    expect(figure.locator("svg")).to_be_visible()
    expect(figure.get_by_text("Nothing looks out of place.")).to_be_visible()
    page.get_by_label("Height above the floor").fill("140")
    expect(figure.get_by_text("floats", exact=False)).to_be_visible()  # redrawn, with the warning
    page.get_by_label("Height above the floor").fill("91")
    expect(figure.get_by_text("Nothing looks out of place.")).to_be_visible()
    screenshot(page, "studio-pose")
    page.get_by_role("button", name="Save the pose and draw the picture").click()
    picture = "pictures/chair_stand_balance--standing_on_one_leg_at_a_chair.svg"
    expect(page.get_by_text(f"drew {picture}")).to_be_visible()

    exercise = folder / "exercises" / "chair_stand_balance.toml"
    text = exercise.read_text(encoding="utf-8")
    assert text.count("[[levels]]") == 3 and f'file = "{picture}"' in text
    assert (folder / picture).is_file() and check_folder(folder) == []
    assert not check_plugin(folder, live_server.app.config["PLUGIN_DIRS"]).errors
    page.get_by_role("button", name="Save and check").click()  # what the page shows, saved again
    expect(page.get_by_text("Saved balance_kit/exercises/chair_stand_balance.toml.")).to_be_visible()
    assert exercise.read_text(encoding="utf-8") == text

    # A therapist finds it in the library and prints it in a patient's handout.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page)
    page.goto(f"/patients/{live_server.patient_id}/programmes/new")
    page.get_by_role("button", name="Start a blank programme").click()
    page.get_by_label("Search", exact=True).fill("balance at a chair")
    add = page.get_by_role("button", name="Add Standing balance at a chair")
    expect(add).to_be_visible()
    edit(page, add.click)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export PDF").click()
    pdf = tmp_path / "handout.pdf"
    download.value.save_as(pdf)
    printed = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Standing balance at a chair" in printed and "Stay still for a slow count of ten." in printed


def test_a_protocol_made_in_the_studio_is_offered_in_the_builder(page: Page, live_server: LiveServer):
    folder = Path(live_server.app.config["PLUGIN_DIRS"][0]) / "calf_kit"
    _new_plugin(page, "calf_kit")
    page.get_by_label("The new protocol's file (small letters, numbers and _)").fill("calf_routine")
    page.get_by_role("button", name="Start the protocol").click()
    expect(page.get_by_role("heading", name="calf_kit/protocols/calf_routine.toml")).to_be_visible()

    page.get_by_label("Name *").fill("Calf routine from the studio")
    page.get_by_label("Condition *").fill("Calf pain: a sore calf after walking")
    page.get_by_label("Summary *").fill("Two moves to make your calves stronger.")
    page.get_by_label("Goal *").fill("Walk to the shops without calf pain.")
    page.get_by_label("Instructions *").fill("Do these slowly, holding a chair.")
    page.get_by_label("The pain rule *").fill("A mild ache is fine. Stop if it goes above 3 out of 10.")
    # Two exercises picked by their names: this plugin's own, and one from the shipped library.
    page.locator("fieldset.studio-row-items").nth(0).get_by_label("Exercise *").fill("Heel raises")
    page.get_by_role("button", name="Add: exercise (section 1)").click()
    expect(page.get_by_label("Goal *")).to_have_value("Walk to the shops without calf pain.")  # what was typed stays
    second = page.locator("fieldset.studio-row-items").nth(1)
    second.get_by_label("Exercise *").fill("Sit to stand")
    second.get_by_label("Note").fill("Use a firm chair with arms.")
    referral = page.locator("fieldset.studio-row-referrals").first
    referral.get_by_label("Sign *").fill("Your calf is hot, red and swollen.")
    handout = page.frame_locator("iframe[name=studio-cards]")
    expect(handout.get_by_text("Use a firm chair with arms.")).to_be_visible()  # the whole handout, as typed
    expect(handout.locator("article.card")).to_have_count(2)
    screenshot(page, "studio-protocol")
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("Saved calf_kit/protocols/calf_routine.toml.")).to_be_visible()
    expect(page.locator("fieldset.studio-row-items").nth(1)).to_contain_text("Sit to stand")
    text = (folder / "protocols" / "calf_routine.toml").read_text(encoding="utf-8")
    assert 'exercise = "calf_kit.heel_raise"' in text and 'exercise = "common_exercises.sit_to_stand"' in text
    assert not check_plugin(folder, live_server.app.config["PLUGIN_DIRS"]).errors

    page.get_by_role("button", name="Sign out").click()
    sign_in(page)
    page.goto(f"/patients/{live_server.patient_id}/programmes/new")
    start = page.get_by_role("button", name="Start: Calf routine from the studio")
    expect(start).to_be_visible()
    start.click()  # the programme starts with the protocol's two exercises and the note written in the studio
    expect(page.locator("textarea[name=note]").filter(has_text="Use a firm chair with arms.")).to_have_count(1)


def test_an_admin_makes_a_contributor_who_lands_in_the_studio_and_sees_no_patients(page: Page,
                                                                                   live_server: LiveServer):
    sign_in(page, ADMIN_EMAIL)
    page.goto("/admin/users")
    page.get_by_label("Name", exact=True).fill("Cora Contributor")
    page.get_by_label("Email", exact=True).fill("cora@example.org")
    page.get_by_label("Role", exact=True).select_option("contributor")
    page.get_by_label("First password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Add therapist").click()
    expect(page.get_by_role("cell", name="Contributor", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "cora@example.org")
    expect(page.get_by_role("heading", name="Contributor studio")).to_be_visible()  # their home page
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Studio")).to_be_visible()
    expect(menu.get_by_role("link", name="Patients")).to_have_count(0)
    response = page.goto(f"/patients/{live_server.patient_id}")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Maria Lopez")).to_have_count(0)
