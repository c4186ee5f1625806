"""Hostile text in a handout is printed as text and makes the renderer fetch nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from clinic.db import db
from clinic.handout.fetcher import RefusedURL, StaticOnlyFetcher
from clinic.handout.issue import build_snapshot
from clinic.handout.options import HandoutOptions
from clinic.handout.render import html_to_pdf, render_html, render_pdf
from clinic.models import Patient, User
from tests.handout_fixtures import app_config, plugin_root  # noqa: F401
from tests.handout_support import demo_programme, page_texts

HOSTILE_NAME = 'Ann <img src="file:///etc/passwd"> Lee'
HOSTILE_NOTE = (
    'See http://169.254.169.254/latest/meta-data <link rel=stylesheet href="http://169.254.169.254/x.css"> '
    "<style>@import url(file:///etc/passwd);</style> "
    'and div { background: url("http://169.254.169.254/bg.png") }'
)


@pytest.fixture
def fetcher(app: Flask) -> StaticOnlyFetcher:
    return StaticOnlyFetcher(Path(app.static_folder or ""))


def test_hostile_name_and_note_print_as_text_and_fetch_nothing(
    app: Flask, therapist: User, fetcher: StaticOnlyFetcher
) -> None:
    patient = Patient(clinic_id=therapist.clinic_id, display_name=HOSTILE_NAME)
    db.session.add(patient)
    db.session.commit()
    programme = demo_programme(patient, therapist)
    programme.items[0].note = HOSTILE_NOTE
    programme.goal = "url(http://169.254.169.254/goal)"
    db.session.commit()
    options = HandoutOptions()
    pdf = render_pdf(build_snapshot(programme, therapist, options), options, fetcher)

    assert fetcher.refused == []
    static_root = Path(app.static_folder or "").resolve().as_uri()
    for url in fetcher.served:
        assert url.startswith(("data:", static_root + "/")), url
    assert not any("passwd" in url or "169.254" in url for url in fetcher.served)
    # Compared without spaces: a long URL may wrap at any "/", which the text extraction shows as a space.
    text = "".join(" ".join(page_texts(pdf)).split())
    for printed in (HOSTILE_NAME, '<link rel=stylesheet href="http://169.254.169.254/x.css">',
                    "@import url(file:///etc/passwd);", "url(http://169.254.169.254/goal)"):
        assert "".join(printed.split()) in text


def test_escaping_happens_in_the_html(app: Flask, therapist: User) -> None:
    patient = Patient(clinic_id=therapist.clinic_id, display_name=HOSTILE_NAME)
    db.session.add(patient)
    db.session.commit()
    programme = demo_programme(patient, therapist)
    options = HandoutOptions()
    html = render_html(build_snapshot(programme, therapist, options), options)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_the_fetcher_refuses_what_escaping_would_have_stopped(app: Flask, fetcher: StaticOnlyFetcher) -> None:
    """Second wall: even raw markup that slipped past escaping cannot load anything."""
    html = (
        '<html><head><link rel="stylesheet" href="http://169.254.169.254/x.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="http://169.254.169.254/latest">'
        '<img src="../../../../etc/hostname"><p style="background: url(https://example.org/a.png)">x</p>'
        "</body></html>"
    )
    html_to_pdf(html, HandoutOptions(), fetcher)
    refused = " ".join(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "http://169.254.169.254/latest" in refused
    assert "http://169.254.169.254/x.css" in refused
    assert "etc/hostname" in refused
    assert "https://example.org/a.png" in refused
    assert fetcher.served == []


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://169.254.169.254/", "https://example.org/", "ftp://example.org/a",
     "file://otherhost/etc/passwd"],
)
def test_fetcher_refuses_outside_urls(fetcher: StaticOnlyFetcher, url: str) -> None:
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_a_path_that_climbs_out_of_static(fetcher: StaticOnlyFetcher) -> None:
    with pytest.raises(RefusedURL):
        fetcher.fetch(fetcher.base_url() + "fonts/../../../pyproject.toml")


def test_fetcher_serves_static_files_and_data_uris(fetcher: StaticOnlyFetcher) -> None:
    font = fetcher.fetch(fetcher.base_url() + "fonts/atkinson-hyperlegible-latin-400-normal.woff")
    assert font.read()[:4] == b"wOFF"
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    assert fetcher.refused == []
