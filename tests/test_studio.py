"""The contributor studio: an admin edits a plugin's exercise in the browser and the file on disk changes.

Real parts: a plugin folder made by the scaffold in a temporary plugins
directory, the real check, the real handout card templates, the app's library.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinic.db import db
from clinic.models import User
from tests.session_helpers import sign_in

EXERCISE = "studio_kit/exercises/heel_raise.toml"


@pytest.fixture
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("studio-plugins")


@pytest.fixture
def app_config(app_config: dict, plugins: Path) -> dict:
    return {**app_config, "PLUGIN_DIRS": [str(plugins)], "STUDIO": True}


@pytest.fixture
def admin(therapist: User) -> User:
    user = User(clinic_id=therapist.clinic_id, email="admin@example.org", name="Ada Admin", role="admin",
                password_hash="x")
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def studio(client, admin, plugins):  # type: ignore[no-untyped-def]
    sign_in(client, admin)
    response = client.post("/studio/plugins", data={"name": "studio_kit"})
    assert response.status_code == 303 and (plugins / "studio_kit" / "plugin.toml").is_file()
    return client


def _form(client, path: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The edit page's boxes as the browser would send them."""
    page = client.get(path).get_data(as_text=True)
    values = dict(re.findall(r'<input id="f-\w+" name="(\w+)" value="([^"]*)"', page))
    values |= {name: text for name, text in re.findall(r'<textarea id="f-\w+" name="(\w+)"[^>]*>(.*?)</textarea>',
                                                        page, re.S)}
    values["kind"] = re.search(r'<option value="(\w+)" selected>', page).group(1)
    return {k: v.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") for k, v in values.items()}


def test_a_saved_edit_writes_the_file_keeps_its_comments_and_shows_in_the_library(studio, plugins):
    path = "/studio/studio_kit/exercises/heel_raise"
    form = _form(studio, path)
    form["name"] = "Heel raises at the sink"
    form["feel"] = "Work in the backs of your lower legs."
    response = studio.post(path, data=form)
    assert response.status_code == 303
    text = (plugins / EXERCISE).read_text(encoding="utf-8")
    assert 'name = "Heel raises at the sink"' in text
    assert "# One exercise. Copy this file to add another" in text  # the scaffold's comments are kept
    assert "[[levels]]" in text and "[dosage]" in text
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
    response = studio.post(path, data=_form(studio, path) | {"steps": "", "kind": "juggling"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count('class="field-error"') == 2
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
