"""The library beside the builder: what is already added, one exercise's ladder, favourites, Print."""

from __future__ import annotations

from clinic.db import db
from clinic.models import FavouriteExercise
from tests.builder_kit import sign_in
from tests.conftest import make_clinic


def _results(client, url: str) -> str:
    return client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)


def test_exercises_already_in_the_programme_are_marked(signed_in, programme):
    text = _results(signed_in, f"/library?q=bridge&programme={programme.id}")
    assert "In this programme" in text and "Add Bridge again" in text
    calf = _results(signed_in, f"/library?q=calf&programme={programme.id}")
    assert "In this programme" not in calf and "Add Calf stretch" in calf


def test_the_detail_page_shows_every_level_with_its_picture_and_steps(signed_in, programme):
    page = signed_in.get(f"/library/kit.bridge?programme={programme.id}").get_data(as_text=True)
    assert "Single-leg bridge" in page and "Bridge" in page      # the harder rung and the base
    assert page.count('class="rung-picture"') >= 2
    assert "Lift your hips." in page
    assert f"/programmes/{programme.id}" in page                 # back to the programme
    assert signed_in.get("/library/kit.nothing").status_code == 404


def test_favourites_are_per_therapist_and_filter_the_library(signed_in, therapist, programme):
    starred = signed_in.post("/library/kit.clam/favourite", data={"starred": "1"}, headers={"HX-Request": "true"})
    assert starred.status_code == 200 and 'aria-pressed="true"' in starred.get_data(as_text=True)
    signed_in.post("/library/kit.clam/favourite", data={"starred": "1"})  # twice is harmless
    only = _results(signed_in, "/library?favourites=1")
    assert "Clamshell" in only and "Calf stretch" not in only

    _, other = make_clinic("Other clinic", "other@example.org")
    sign_in(signed_in, other.id)
    assert "Clamshell" not in _results(signed_in, "/library?favourites=1")
    sign_in(signed_in, therapist.id)
    signed_in.post("/library/kit.clam/favourite", data={"starred": "0"})
    assert db.session.execute(db.select(FavouriteExercise)).scalars().all() == []
    assert signed_in.post("/library/kit.nothing/favourite", data={"starred": "1"}).status_code == 404


def test_print_opens_the_pdf_in_the_browser_and_export_downloads_it(signed_in, programme):
    printed = signed_in.post(f"/programmes/{programme.id}/export", data={"open": "inline"})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert printed.headers["Content-Disposition"].startswith("inline")
    exported = signed_in.post(f"/programmes/{programme.id}/export")
    assert exported.headers["Content-Disposition"].startswith("attachment")


def test_open_pdf_opens_and_download_downloads(signed_in, programme):
    from clinic.models import IssuedHandout

    signed_in.post(f"/programmes/{programme.id}/export")
    handout = db.session.execute(db.select(IssuedHandout)).scalars().first()
    assert signed_in.get(f"/handouts/{handout.id}/pdf").headers["Content-Disposition"].startswith("inline")
    assert signed_in.get(f"/handouts/{handout.id}/pdf?download=1").headers["Content-Disposition"].startswith(
        "attachment")
