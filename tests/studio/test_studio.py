"""The contributor studio: an admin edits a plugin's exercise in the browser and the file on disk changes.

Real parts: a plugin folder made by the scaffold in a temporary plugins
directory, the real check, the real handout card templates, the figure kit's
own drawing and checks, the app's library.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clinic.contributor.check import check_plugin
from clinic.figures import check_folder, gallery
from clinic.figures.render import load_scene
from clinic.figures.scene import Scene
from clinic.studio import exercise_types, pose_form
from tests.session_helpers import sign_in

EXERCISE = "studio_kit/exercises/heel_raise.toml"


def _form(client, path: str, page: str | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The edit page's boxes (the levels' too) as the browser would send them."""
    page = page if page is not None else client.get(path).get_data(as_text=True)
    values = dict(re.findall(r'<input id="f-[\w-]+" name="([\w-]+)" value="([^"]*)"', page))
    values |= {name: text for name, text in re.findall(
        r'<textarea id="f-[\w-]+" name="([\w-]+)"[^>]*>(.*?)</textarea>', page, re.S)}
    for name, options in re.findall(r'<select id="f-[\w-]+" name="([\w-]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', options).group(1)
    return {k: v.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") for k, v in values.items()}


def test_a_saved_edit_writes_the_file_keeps_its_comments_and_shows_in_the_library(studio, plugins):
    path = "/studio/studio_kit/exercises/heel_raise"
    form = _form(studio, path)
    form["name"] = "Heel raises at the sink"
    form["feel"] = "Work in the backs of your lower legs."
    assert form["dosage-reps"] == "10-15" and form["dosage-side"] == "both"
    form |= {"dosage-reps": "12-15", "dosage-rest_seconds": "", "dosage-hold_seconds": "2"}
    response = studio.post(path, data=form)
    assert response.status_code == 303
    text = (plugins / EXERCISE).read_text(encoding="utf-8")
    assert 'name = "Heel raises at the sink"' in text
    assert "# One exercise. Copy this file to add another" in text  # the scaffold's comments are kept
    assert "[[levels]]" in text and "[dosage]" in text
    dosage = text[text.index("[dosage]"):text.index("[[levels]]")]
    assert "reps = [12, 15]" in dosage and "rest_seconds" not in dosage and "hold_seconds = 2" in dosage
    assert dosage.index("hold_seconds = 2") < dosage.index("# Easier")  # under the table's keys, not its comment
    assert "Heel raises at the sink" in studio.get("/library?q=sink").get_data(as_text=True)
    studio.post(path, data=_form(studio, path))  # saving what is shown changes nothing
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == text


def test_the_card_shows_what_is_typed_before_it_is_saved(studio, plugins):
    path = "/studio/studio_kit/exercises/heel_raise"
    before = (plugins / EXERCISE).read_text(encoding="utf-8")
    form = _form(studio, path) | {"steps": "Rise up on your toes.\nCome down slowly."}
    cards = studio.post(f"{path}/cards", data=form).get_data(as_text=True)
    assert "Rise up on your toes." in cards and "Come down slowly." in cards
    assert cards.count('<article class="card">') == 3  # the standard level and its two rungs
    assert "Seated heel raises" in cards
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == before


def test_a_refused_edit_says_why_beside_the_box_and_writes_nothing(studio, plugins):
    path = "/studio/studio_kit/exercises/heel_raise"
    before = (plugins / EXERCISE).read_text(encoding="utf-8")
    response = studio.post(path, data=_form(studio, path) | {"steps": "", "kind": "juggling", "dosage-sets": "40"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count('class="field-error"') == 3
    sets = page.index('id="f-dosage-sets"')
    assert "above 10 is not a home dose" in page[sets:page.index('id="f-dosage-reps"')]
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == before


def test_a_copy_starts_a_new_exercise(studio, plugins):
    response = studio.post("/studio/studio_kit/exercises/heel_raise/copy", data={"new_stem": "toe_raise"})
    assert response.status_code == 303
    assert (plugins / "studio_kit" / "exercises" / "toe_raise.toml").is_file()
    assert studio.get("/studio/studio_kit/exercises/toe_raise").status_code == 200
    bad = studio.post("/studio/studio_kit/exercises/heel_raise/copy", data={"new_stem": "../escape"})
    assert bad.status_code == 303 and not (plugins / "escape.toml").exists()


def test_only_an_admin_of_an_enabled_studio_gets_in(client, therapist, admin, app):
    sign_in(client, therapist)
    assert client.get("/studio/").status_code == 403
    sign_in(client, admin)
    assert client.get("/studio/").status_code == 200
    app.config["STUDIO"] = False
    assert client.get("/studio/").status_code == 404


PATH = "/studio/studio_kit/exercises/heel_raise"


def test_a_level_is_edited_added_and_removed_and_the_file_keeps_the_rest(studio, plugins):
    file = plugins / EXERCISE
    shown = _form(studio, PATH)
    assert shown["levels-0-name"] == "Seated heel raises" and shown["levels-1-dosage_reps"] == "8-12"
    # Adding a rung shows its empty boxes with the next free harder step; nothing is written yet.
    before = file.read_text(encoding="utf-8")
    page = studio.post(PATH, data=shown | {"add_level": "harder"}).get_data(as_text=True)
    assert file.read_text(encoding="utf-8") == before
    typed = _form(studio, PATH, page)
    assert typed["levels-2-step"] == "2" and typed["levels-2-name"] == ""
    typed |= {"levels-2-name": "Heel raises on a step", "levels-2-criterion": "Move up when 12 on one leg are easy.",
              "levels-2-steps": "Stand on the edge of a step.\nLet your heels drop a little.\nRise up.",
              "levels-2-dosage_reps": "6-10", "levels-2-dosage_side": "each_side",
              "levels-1-feel": "Work in the calf of the leg you stand on.", "levels-0-remove": "1"}
    assert studio.post(PATH, data=typed).status_code == 303
    text = file.read_text(encoding="utf-8")
    assert "Seated heel raises" not in text  # removed
    assert 'feel = "Work in the calf of the leg you stand on."' in text
    assert 'dosage = { reps = [6, 10], side = "each_side" }' in text
    assert "# Every picture needs a description" in text  # the comment above [[pictures]] stays above it
    assert text.index("Heel raises on a step") < text.index("# Every picture needs")
    assert not check_plugin(plugins / "studio_kit", [str(plugins)]).errors
    assert studio.post(PATH, data=_form(studio, PATH)).status_code == 303  # a second save changes nothing
    assert file.read_text(encoding="utf-8") == text


def test_each_rung_prints_its_own_card_as_typed(studio):
    form = _form(studio, PATH) | {"levels-1-name": "Heel raises on one leg at the sink",
                                  "levels-1-dosage_reps": "5", "levels-1-dosage_rep_unit": "slow raises"}
    cards = studio.post(f"{PATH}/cards", data=form).get_data(as_text=True)
    assert "Heel raises on one leg at the sink" in cards and "2-3 sets of 5 slow raises" in cards
    assert cards.count('<article class="card">') == 3
    fewer = studio.post(f"{PATH}/cards", data=form | {"levels-0-remove": "1"}).get_data(as_text=True)
    assert fewer.count('<article class="card">') == 2 and "Seated heel raises" not in fewer


def test_a_refused_level_says_why_beside_its_box_and_writes_nothing(studio, plugins):
    before = (plugins / EXERCISE).read_text(encoding="utf-8")
    response = studio.post(PATH, data=_form(studio, PATH) | {"levels-1-criterion": "", "levels-1-dosage_sets": "40"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    criterion = page.index('id="f-levels-1-criterion"')
    sets = page.index('id="f-levels-1-dosage_sets"')
    assert page.index('class="field-error"', criterion) < page.index('id="f-levels-1-summary"')
    assert 'value="40"' in page[sets:sets + 200]  # what was typed is shown again
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == before


def test_the_checks_advice_on_a_level_shows_beside_that_levels_box(studio):
    form = _form(studio, PATH) | {"levels-1-steps": "Sit on a chair.\nLift one heel.", "levels-1-starting_position": ""}
    assert studio.post(PATH, data=form).status_code == 303
    page = studio.get(PATH).get_data(as_text=True)
    start = page.index('id="f-levels-1-starting_position"')
    assert "puts the patient in another position" in page[start:page.index('id="f-levels-1-steps"')]


POSE = f"{PATH}/pose"


class _Boxes(HTMLParser):
    """What the pose form sends as it stands: every named input, checked box and chosen option."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == "studio-form"
        if not self.inside:
            return
        if tag == "input" and "name" in a and (a.get("type") != "checkbox" or "checked" in a):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.values):
            self.values[self.select] = a["value"]


def _boxes(client, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    parser = _Boxes()
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.values


@pytest.mark.parametrize("name", gallery.names())
def test_every_ready_pose_draws_and_comes_back_the_same_through_the_sliders(name: str) -> None:
    scene = load_scene(gallery.pose_path(name))  # the kit's own checks: valid, nothing under the floor
    data = pose_form.scene_of(pose_form.boxes_of(gallery.pose_data(name)))
    again = pose_form.scene_of(pose_form.boxes_of(data))
    assert again == data and Scene.model_validate(data).title == scene.title
    assert len(gallery.names()) == 10


def test_a_ready_pose_with_a_prop_is_drawn_as_typed_with_warnings(studio):
    boxes = _boxes(studio, f"{POSE}?level=1&start=standing_at_chair")
    assert boxes["prop.chair_back_left"] == "1" and boxes["near_arm.hold"] == "chair"
    drawn = studio.post(f"{POSE}/draw?level=1", data=boxes).get_data(as_text=True)
    assert "<svg" in drawn and "Nothing looks out of place." in drawn
    floating = studio.post(f"{POSE}/draw", data=boxes | {"at_y": "140"}).get_data(as_text=True)
    assert "floats" in floating and "Neither foot" not in floating
    far = studio.post(f"{POSE}/draw", data=boxes | {"prop.chair_back_left.x": "250"}).get_data(as_text=True)
    assert "The near hand cannot reach the prop it holds" in far
    sunk = studio.post(f"{POSE}/draw", data=boxes | {"at_y": "60"}).get_data(as_text=True)
    assert "Under the floor: near ankle, near toe, far ankle, far toe." in sunk


def test_saving_writes_the_pose_and_its_picture_and_the_level_prints_it(studio, plugins):
    folder = plugins / "studio_kit"
    boxes = _boxes(studio, f"{POSE}?level=1&start=one_leg") | {"prop.band": "1", "arrow": "1",
                                                                "arrow.from": "far_ankle"}
    response = studio.post(POSE, data=boxes)
    assert response.status_code == 303
    pose = folder / "poses" / "heel_raise--one_leg_heel_raises.toml"
    picture = folder / "pictures" / "heel_raise--one_leg_heel_raises.svg"
    assert pose.is_file() and "<svg" in picture.read_text(encoding="utf-8")
    exercise = (folder / "exercises" / "heel_raise.toml").read_text(encoding="utf-8")
    assert 'file = "pictures/heel_raise--one_leg_heel_raises.svg"' in exercise
    assert exercise.index("one_leg_heel_raises.svg") < exercise.index("# Every picture needs")  # inside its level
    assert check_folder(folder) == []  # draw-figures --check: the picture is what the pose draws
    assert not check_plugin(folder, [str(plugins)]).errors
    text = pose.read_text(encoding="utf-8")
    assert studio.post(POSE, data=_boxes(studio, f"{POSE}?level=1")).status_code == 303  # the saved pose again
    assert pose.read_text(encoding="utf-8") == text
    assert (folder / "exercises" / "heel_raise.toml").read_text(encoding="utf-8") == exercise


def test_a_picture_drawn_by_hand_is_kept(studio, plugins):
    by_hand = plugins / "studio_kit" / "pictures" / "heel_raise.svg"
    by_hand.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>', encoding="utf-8")
    response = studio.post(POSE, data=_boxes(studio, f"{POSE}?start=standing"))
    assert response.status_code == 303 and "pose" in response.headers["Location"]
    assert by_hand.read_text(encoding="utf-8") == '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    assert not (plugins / "studio_kit" / "poses" / "heel_raise.toml").exists()


def test_an_unknown_level_or_ready_pose_goes_nowhere(studio, plugins):
    assert studio.get(f"{POSE}?level=3").status_code == 404
    page = studio.get(f"{POSE}?start=../../etc/passwd").get_data(as_text=True)
    assert 'value="standing" selected' in page  # an unknown name starts from standing
    assert Path(plugins / "etc").exists() is False


@pytest.mark.parametrize("kind", exercise_types.TYPES, ids=lambda kind: kind.key)
def test_a_new_exercise_of_each_kind_has_that_kinds_dosage_and_passes_the_check(studio, plugins, kind):
    page = studio.get("/studio/studio_kit").get_data(as_text=True)
    assert "<title>studio_kit · Contributor studio · clinic</title>" in page and page.count("New exercise") == 1
    response = studio.post("/studio/studio_kit/exercises", data={"stem": "new_one", "type": kind.key})
    assert response.status_code == 303 and response.headers["Location"].endswith("/exercises/new_one")
    folder = plugins / "studio_kit"
    check = check_plugin(folder, [str(plugins)])
    assert not check.errors, [str(f) for f in check.errors]
    exercise = check.exercises["studio_kit.new_one"]
    assert exercise.kind == kind.kind
    assert {name for name, value in exercise.dosage if value not in (None, False)} == set(kind.dosage)
    assert check_folder(folder) == []  # its picture is what its pose draws
    assert studio.get("/studio/studio_kit/exercises/new_one").status_code == 200
    again = studio.post("/studio/studio_kit/exercises", data={"stem": "new_one", "type": kind.key})
    assert again.status_code == 303 and again.headers["Location"].endswith("/studio/studio_kit")


def test_a_new_exercise_gets_its_first_levels_and_a_posed_level_picture(studio, plugins):
    studio.post("/studio/studio_kit/exercises", data={"stem": "steady", "type": "balance_hold"})
    path = "/studio/studio_kit/exercises/steady"
    page = studio.post(path, data=_form(studio, path) | {"add_level": "harder"}).get_data(as_text=True)
    # The kind's own easier level is rung 0; the new harder one is rung 1.
    typed = _form(studio, path, page) | {"levels-1-name": "Feet together", "levels-1-criterion": "When it is easy."}
    assert studio.post(path, data=typed).status_code == 303
    text = (plugins / "studio_kit" / "exercises" / "steady.toml").read_text(encoding="utf-8")
    assert text.index("Holding on with both hands") < text.index('criterion = "When it is easy."') \
        < text.index("[[pictures]]")  # the new table, after the kind's level and before the pictures
    boxes = _boxes(studio, f"{path}/pose?level=1&start=standing")
    assert studio.post(f"{path}/pose", data=boxes).status_code == 303
    text = (plugins / "studio_kit" / "exercises" / "steady.toml").read_text(encoding="utf-8")
    assert 'picture = { file = "pictures/steady--feet_together.svg"' in text
    assert not check_plugin(plugins / "studio_kit", [str(plugins)]).errors


def test_synonyms_have_a_box_each_and_long_text_a_box_of_several_lines(studio, plugins):
    page = studio.get(PATH).get_data(as_text=True)
    assert 'name="synonyms-0" value="Calf raises"' in page and 'name="synonyms-1" value=""' in page
    assert '<textarea id="f-summary" name="summary"' in page and '<textarea id="f-levels-0-criterion"' in page
    form = _form(studio, PATH) | {"synonyms-0": "", "synonyms-1": "Toe raises", "targets": "calf_strength, ankle",
                                  "summary": "Makes your calf\nmuscles   stronger."}
    assert studio.post(PATH, data=form).status_code == 303
    text = (plugins / EXERCISE).read_text(encoding="utf-8")
    assert 'synonyms = ["Toe raises"]' in text and 'targets = ["calf_strength", "ankle"]' in text
    assert 'summary = "Makes your calf muscles stronger."' in text  # a long box's lines are one line of text
    again = studio.get(PATH).get_data(as_text=True)
    assert 'name="synonyms-0" value="Toe raises"' in again and 'name="synonyms-1" value=""' in again
    assert studio.post(PATH, data=_form(studio, PATH)).status_code == 303
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == text


def test_the_reading_level_is_checked_as_you_type(studio, plugins):
    easy = studio.post(f"{PATH}/cards", data=_form(studio, PATH)).get_data(as_text=True)
    assert "What is typed reads at grade 7 or lower." in easy
    hard = _form(studio, PATH) | {"feel": "Bilateral gastrocnemius contraction with proprioceptive recruitment."}
    advice = studio.post(f"{PATH}/cards", data=hard).get_data(as_text=True)
    assert "Reading level of what is typed" in advice and "<strong>feel</strong>" in advice
    assert "bilateral" in advice.lower() and "Bilateral gastrocnemius" not in (plugins / EXERCISE).read_text()


def test_pictures_and_references_are_edited_in_the_form(studio, plugins):
    file = plugins / EXERCISE
    shown = _form(studio, PATH)
    assert shown["pictures-0-file"] == "pictures/heel_raise.svg" and shown["references-0-citation"].startswith("Alfred")
    page = studio.post(PATH, data=shown | {"add": "references"}).get_data(as_text=True)
    typed = _form(studio, PATH, page) | {
        "pictures-0-alt": "A person on tiptoe, holding the back of a chair.", "pictures-0-caption": "Rise up slowly.",
        "references-1-citation": "Our clinic's own notes, 2026.", "references-1-supports": "How many to start with."}
    assert studio.post(PATH, data=typed).status_code == 303
    text = file.read_text(encoding="utf-8")
    assert 'alt = "A person on tiptoe, holding the back of a chair."' in text and 'caption = "Rise up slowly."' in text
    assert text.count("[[references]]") == 2 and text.index("Alfredson") < text.index("Our clinic's own notes")
    assert "# Every picture needs a description" in text and not check_plugin(plugins / "studio_kit",
                                                                              [str(plugins)]).errors
    assert studio.post(PATH, data=_form(studio, PATH)).status_code == 303
    assert file.read_text(encoding="utf-8") == text


def test_a_missing_picture_file_or_no_picture_is_refused_beside_its_box(studio, plugins):
    before = (plugins / EXERCISE).read_text(encoding="utf-8")
    missing = studio.post(PATH, data=_form(studio, PATH) | {"pictures-0-file": "pictures/nowhere.svg"})
    page = missing.get_data(as_text=True)
    assert missing.status_code == 400
    box = page.index('id="f-pictures-0-file"')
    assert "picture file &#39;pictures/nowhere.svg&#39; not found" in page[box:page.index('id="f-pictures-0-alt"')]
    none = studio.post(PATH, data=_form(studio, PATH) | {"pictures-0-remove": "1"})
    page = none.get_data(as_text=True)
    group = page.index('id="g-pictures"')
    assert none.status_code == 400 and page.index('class="field-error"', group) < page.index('id="f-pictures-0-file"')
    assert (plugins / EXERCISE).read_text(encoding="utf-8") == before


def test_a_tempo_has_its_three_boxes_and_is_written_as_one_small_table(studio, plugins):
    form = _form(studio, PATH) | {"dosage-tempo_up": "2", "dosage-tempo_down": "3", "levels-1-dosage_tempo_up": "1",
                                  "levels-1-dosage_tempo_hold": "2", "levels-1-dosage_tempo_down": "4"}
    cards = studio.post(f"{PATH}/cards", data=form).get_data(as_text=True)
    assert "up in 2 seconds, down in 3 seconds" in cards
    assert studio.post(PATH, data=form).status_code == 303
    text = (plugins / EXERCISE).read_text(encoding="utf-8")
    assert "tempo = { up = 2, down = 3 }" in text[text.index("[dosage]"):text.index("[[levels]]")]
    assert "tempo = { up = 1, hold = 2, down = 4 }" in text
    again = _form(studio, PATH)
    assert again["dosage-tempo_up"] == "2" and again["dosage-tempo_hold"] == ""
    assert studio.post(PATH, data=again).status_code == 303 and (plugins / EXERCISE).read_text() == text
    refused = studio.post(PATH, data=again | {"dosage-tempo_up": "40"}).get_data(as_text=True)
    box = refused.index('id="f-dosage-tempo_up"')
    assert refused.index('class="field-error"', box) < refused.index('id="f-dosage-tempo_hold"')
    level = studio.post(PATH, data=again | {"levels-1-dosage_tempo_down": "99"}).get_data(as_text=True)
    box = level.index('id="f-levels-1-dosage_tempo_down"')
    assert level.index('class="field-error"', box) < level.index("</fieldset>", box)
    cleared = again | {"dosage-tempo_up": "", "dosage-tempo_down": ""}
    assert studio.post(PATH, data=cleared).status_code == 303
    text = (plugins / EXERCISE).read_text(encoding="utf-8")
    assert "tempo" not in text[text.index("[dosage]"):text.index("[[levels]]")]
