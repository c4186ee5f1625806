"""The studio's protocol editor: the form mirrors the protocol file, saves it in place and shows what it prints.

Real parts: the shipped protocols' own files, a plugin made by the scaffold in
a temporary plugins folder, the real check, the handout's own templates and
the builder's list of protocols.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import tomlkit

from clinic.contributor.check import check_plugin
from clinic.exercise_data.loader import read_toml
from clinic.studio import protocol_form, toml_file, toml_protocol
from tests.studio.boxes import form_boxes

SHIPPED = sorted(Path("plugins").glob("*/protocols/*.toml"))
SHIPPED = [p for p in SHIPPED if p.name.count(".") == 1]
URL = "/studio/studio_kit/protocols/routine"
FILE = "studio_kit/protocols/routine.toml"


def _round_trip(path: Path, changes: dict[str, str] | None = None) -> tuple[str, dict]:
    """The file as a save of its own form (with ``changes`` typed over it) writes it, and the typed data."""
    data, _ = read_toml(path, path.name)
    boxes = protocol_form.form_values(data) | (changes or {})
    typed = protocol_form.read_form(boxes, data, protocol_form.Exercises({}, path.parent.parent.name))
    return tomlkit.dumps(toml_protocol.apply(toml_file.read(path), typed)), protocol_form.plain(typed)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.parent.name)
def test_every_shipped_protocol_comes_back_byte_for_byte_through_its_form(path: Path):
    text, typed = _round_trip(path)
    assert text == path.read_text(encoding="utf-8")
    assert typed == read_toml(path, path.name)[0]


def test_an_edit_changes_only_its_own_lines_and_keeps_the_comments(tmp_path: Path):
    path = tmp_path / "routine.toml"
    original = Path("plugins/knee_osteoarthritis/protocols/routine.toml").read_text(encoding="utf-8")
    path.write_text("# Written by hand.\n" + original, encoding="utf-8")
    text, typed = _round_trip(path, {"sections-1-items-0-note": "Use a firm chair.", "referrals-9-remove": "1",
                                     "sections-1-items-1-dosage_sets": "2", "pain_rule-next_morning_check": "",
                                     "minutes": "25-50"})
    assert text.startswith("# Written by hand.\n")
    before, after = original.splitlines(), text.splitlines()[1:]
    changed = [line for line in after if line not in before]
    assert changed == ["minutes = [25, 50]", 'note = "Use a firm chair."', 'dosage = { sets = 2 }',
                       'next_morning_check = false']
    assert len(typed["referrals"]) == 9 and "6 to 8 weeks. Or you want harder" not in text


def test_a_new_protocol_is_written_in_the_docs_order_and_reads_back_the_same():
    exercises = protocol_form.Exercises({"kit.heel_raise": "Heel raises", "common.sit_to_stand": "Sit to stand",
                                         "other.heel_raise": "Heel raises"}, "kit")
    boxes = protocol_form.blank_row(protocol_form.blank_row(protocol_form.form_values({}), "referrals"), "sections")
    boxes = protocol_form.blank_row(boxes, "sections-0-items")
    boxes |= {"name": "Hip routine", "condition": "Hip pain", "summary": "A short routine.", "goal": "Stronger hips.",
              "pain_rule-ceiling": "3", "pain_rule-wording": "Stop if it goes above 3.", "referrals-0-tier": "doctor",
              "referrals-0-text": "Pain at night.", "sections-0-key": "strength", "sections-0-title": "Strength",
              "sections-0-instructions": "Slowly.", "sections-0-items-0-exercise": "heel raises",
              "sections-0-items-1-exercise": "Sit to stand", "sections-0-items-1-optional": "1",
              "pain_rule-next_morning_check": "1", "pain_rule-sharp_pain_stops": "1"}
    typed = protocol_form.read_form(boxes, {}, exercises)
    text = tomlkit.dumps(toml_protocol.apply(tomlkit.document(), typed))
    # A name picks the exercise, this plugin's first when two share it; ticks left at their default are not written.
    assert 'exercise = "kit.heel_raise"' in text and 'exercise = "common.sit_to_stand"' in text
    assert "next_morning_check" not in text and "level" not in text and "optional = true" in text
    assert text.index("[[sections]]") < text.index("[pain_rule]") < text.index("[[referrals]]")
    data = tomlkit.parse(text).unwrap()
    again = protocol_form.read_form(protocol_form.form_values(data), data, exercises)
    assert tomlkit.dumps(toml_protocol.apply(tomlkit.parse(text), again)) == text


def test_a_message_lands_beside_its_box_or_its_row():
    boxes = {"sections-0-items-1-exercise": "x", "sections-0-key": "a", "pain_rule-ceiling": "3"}
    where = protocol_form.finding_loc("sections[0].items[1].dosage.sets")
    assert protocol_form.box_name(where) == "sections-0-items-1-dosage_sets"
    assert protocol_form.placed("sections-0-items-1-dosage_sets", boxes) == "sections-0-items-1"
    assert protocol_form.placed("sections-0-items-1-exercise", boxes) == "sections-0-items-1-exercise"
    assert protocol_form.placed("pain_rule-wording", boxes) == "pain_rule"
    assert protocol_form.placed("schedule-0-when", boxes) == "schedule"
    assert protocol_form.placed("translations", boxes) == "other"
    assert protocol_form.blank_row(boxes, "sections-0-nothing") is None and protocol_form.blank_row(boxes, "x") is None


def _started(studio) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A new protocol's form with a second exercise row, filled in as a contributor would."""
    response = studio.post("/studio/studio_kit/protocols", data={"stem": "routine"})
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    boxes = form_boxes(studio.post(URL, data=form_boxes(studio.get(URL).get_data(as_text=True))
                                   | {"add": "sections-0-items"}).get_data(as_text=True))
    return boxes | {"name": "Calf routine", "condition": "Calf pain: a sore calf", "summary": "Two moves a day.",
                    "goal": "Stronger calves.", "sections-0-items-0-exercise": "Heel raises",
                    "sections-0-items-1-exercise": "heel_raise", "sections-0-items-1-level": "1",
                    "sections-0-items-1-dosage_reps": "6-8", "referrals-0-text": "Your calf is hot and swollen.",
                    "sections-0-instructions": "Do these slowly.",
                    "pain_rule-wording": "A mild ache is fine. Stop if the pain goes above 3 out of 10."}


def test_a_new_protocol_saves_passes_the_check_and_is_offered_to_the_builder(studio, plugins, therapist, patient):
    boxes = _started(studio)
    assert not (plugins / FILE).exists()  # nothing is written before the first save
    assert studio.post(URL, data=boxes).status_code == 303
    text = (plugins / FILE).read_text(encoding="utf-8")
    assert text.count('exercise = "studio_kit.heel_raise"') == 2 and "dosage = { reps = [6, 8] }" in text
    check = check_plugin(plugins / "studio_kit", [str(plugins)])
    assert not check.errors and "studio_kit.routine" in check.protocols
    page = studio.get(URL).get_data(as_text=True)
    assert "Saved studio_kit/protocols/routine.toml." in page
    references = page.index('id="g-references"')  # the check's advice beside the group it is about
    assert "no reference" in page[references:page.index("</fieldset>", references)]
    assert studio.post(URL, data=form_boxes(page)).status_code == 303  # saving what is shown changes nothing
    assert (plugins / FILE).read_text(encoding="utf-8") == text
    assert "routine" in studio.get("/studio/studio_kit").get_data(as_text=True)
    start = studio.get(f"/patients/{patient.id}/programmes/new").get_data(as_text=True)
    assert "Calf routine" in start and 'value="studio_kit.routine"' in start


def test_an_unknown_exercise_is_named_beside_its_box_and_nothing_is_written(studio, plugins):
    boxes = _started(studio) | {"sections-0-items-1-exercise": "studio_kit.heel_rise"}
    response = studio.post(URL, data=boxes)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and not (plugins / FILE).exists()
    box = page.index('id="f-sections-0-items-1-exercise"')
    error = re.search(r'class="field-error" role="alert">([^<]*)', page[box:]).group(1)
    assert "Did you mean &#39;studio_kit.heel_raise&#39;?" in error
    assert page.index("studio_kit.heel_rise", box) < page.index('id="f-sections-0-items-1-level"')  # kept as typed
    missing = studio.post(URL, data=boxes | {"pain_rule-ceiling": "12", "goal": ""}).get_data(as_text=True)
    assert missing.count('class="field-error"') == 3  # the goal, the ceiling and the unknown exercise


def test_the_handout_preview_prints_what_is_typed(studio, plugins):
    boxes = _started(studio)
    handout = studio.post(f"{URL}/handout", data=boxes).get_data(as_text=True)
    assert "Your exercises" in handout and handout.count('<article class="card">') == 2
    assert "Your calf is hot and swollen." in handout and "Stronger calves." in handout
    assert not (plugins / FILE).exists()
    assert "What is typed reads at grade 7 or lower." in handout  # the reading level, as typed
    hard = studio.post(f"{URL}/handout", data=boxes | {"goal": "Ameliorate bilateral plantarflexor insufficiency."})
    assert "<strong>goal</strong>" in hard.get_data(as_text=True)
    not_yet = studio.post(f"{URL}/handout", data=boxes | {"name": ""}).get_data(as_text=True)
    assert "The handout shows once these are filled in:" in not_yet and "<strong>name</strong>" in not_yet


def test_a_shipped_protocol_opens_in_the_studio_and_saves_unchanged(studio, plugins):
    folder = plugins / "studio_kit" / "protocols"
    shutil.copyfile("plugins/knee_osteoarthritis/protocols/routine.toml", folder / "knee.toml")
    text = (folder / "knee.toml").read_text(encoding="utf-8")
    # Its exercises live in plugins this folder lacks: the page opens, and a save is refused, writing nothing.
    page = studio.get("/studio/studio_kit/protocols/knee").get_data(as_text=True)
    assert "Knee osteoarthritis: home routine" in page and "common_exercises.sit_to_stand" in page
    response = studio.post("/studio/studio_kit/protocols/knee", data=form_boxes(page))
    assert response.status_code == 400 and (folder / "knee.toml").read_text(encoding="utf-8") == text
    assert studio.get("/studio/studio_kit/protocols/..%2Fetc").status_code == 404


def test_a_change_that_breaks_a_translation_names_it_and_writes_nothing(studio, plugins):
    assert studio.post(URL, data=_started(studio)).status_code == 303
    (plugins / "studio_kit" / "protocols" / "routine.es.toml").write_text(
        'referrals = ["Tiene la pantorrilla caliente e hinchada."]\n', encoding="utf-8")
    text = (plugins / FILE).read_text(encoding="utf-8")
    boxes = form_boxes(studio.post(URL, data=form_boxes(studio.get(URL).get_data(as_text=True))
                                   | {"add": "referrals"}).get_data(as_text=True))
    response = studio.post(URL, data=boxes | {"referrals-1-text": "Pain at night."})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and (plugins / FILE).read_text(encoding="utf-8") == text
    alert = re.search(r'class="message message-error" role="alert">([^<]*)', page).group(1)
    assert "referrals" in alert and "es" in alert


def test_a_file_broken_by_hand_sends_the_contributor_to_the_check(studio, plugins):
    (plugins / "studio_kit" / "protocols" / "broken.toml").write_text('name = "Half a line\n', encoding="utf-8")
    response = studio.get("/studio/studio_kit/protocols/broken")
    assert response.status_code == 303 and response.headers["Location"].endswith("/studio/studio_kit")
    page = studio.get("/studio/studio_kit").get_data(as_text=True)
    assert "A file cannot be read" in page and "studio_kit/protocols/broken.toml" in page
