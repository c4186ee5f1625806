"""The therapist's charts: coordinates from the numbers, SVG the strict policy allows, words beside each."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from clinic.db import db
from clinic.models import DayCheckIn, Patient, PatientLink, User
from clinic.web.charts import HEIGHT, LEFT, PLOT_H, PLOT_W, TOP, bar_chart, line_chart
from tests.handout_fixtures import app_config as handout_app_config  # noqa: F401
from tests.handout_fixtures import plugin_root  # noqa: F401
from tests.handout_support import demo_programme, log_in
from tests.patient_link_support import export, printed_path

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def app_config(handout_app_config: dict) -> dict:  # noqa: F811
    return handout_app_config


def test_a_bar_is_as_tall_as_its_share_and_a_week_with_nothing_scheduled_has_none() -> None:
    chart = bar_chart("a", "T", "S", [("w1", 50, "half"), ("w2", None, "none"), ("w3", 100, "all")])
    assert [b.label for b in chart.bars] == ["half", "all"]
    half, full = chart.bars
    assert full.height == PLOT_H and full.y == TOP
    assert half.height == PLOT_H / 2 and half.y + half.height == TOP + PLOT_H
    assert [label for _, label, _ in chart.x_labels] == ["w1", "w2", "w3"]
    assert half.x < LEFT + PLOT_W / 3 < full.x  # left to right, one slot each


def test_a_line_places_points_by_date_and_value() -> None:
    start = date(2026, 3, 2)
    chart = line_chart("p", "T", "S", [(start, 0, "a"), (start + timedelta(days=2), 10, "b"),
                                       (start + timedelta(days=8), 5, "c")], low=0, high=10)
    xs, ys = [p.x for p in chart.points], [p.y for p in chart.points]
    assert xs[0] == LEFT and xs[2] == LEFT + PLOT_W and xs[1] == pytest.approx(LEFT + PLOT_W / 4, abs=0.1)
    assert ys == [TOP + PLOT_H, TOP, TOP + PLOT_H / 2]
    assert chart.line.count(",") == 3
    assert [(label, anchor) for _, label, anchor in chart.x_labels] == [("2026-03-02", "start"), ("2026-03-10", "end")]
    single = line_chart("s", "T", "S", [(start, 4, "only")], low=0, high=10)
    assert single.points[0].x == LEFT + PLOT_W / 2 and len(single.x_labels) == 1


def test_values_outside_the_range_stay_inside_the_plot() -> None:
    chart = line_chart("o", "T", "S", [(date(2026, 1, 1), -3, "a"), (date(2026, 1, 2), 14, "b")], low=0, high=10)
    assert all(TOP <= p.y <= TOP + PLOT_H for p in chart.points) and max(p.y for p in chart.points) < HEIGHT


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(block) for block in re.findall(r"<svg .*?</svg>", page, re.S)]


def test_the_patient_page_draws_adherence_pain_and_scores_as_svg(client: FlaskClient, patient: Patient,
                                                                    therapist: User) -> None:
    log_in(client, therapist)
    _, pdf = export(client, demo_programme(patient, therapist).id)
    token = printed_path(pdf).removeprefix("/p/")
    link = db.session.execute(db.select(PatientLink)).scalar_one()
    today = date.today()
    for back, pain in ((20, 6), (10, 4), (1, 2)):  # older than the 7-day table, so the history table shows
        db.session.add(DayCheckIn(link_id=link.id, patient_id=patient.id, day=today - timedelta(days=back), pain=pain))
    link.created_at -= timedelta(days=21)
    db.session.commit()
    client.post("/p/check-in", data={"token": token, "done-1": "yes", "done-2": "yes"})
    for day, stairs in ((today - timedelta(days=20), "2"), (today, "6")):
        client.post(f"/patients/{patient.id}/scores/new", data={
            "scale": "core.psfs", "day": day.isoformat(), "item-1": "<b>Stairs</b>", "rating-1": stairs})
    response = client.get(f"/patients/{patient.id}")
    page = response.get_data(as_text=True)
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "style=" not in page and "<script>" not in page and "<b>Stairs</b>" not in page
    svgs = _svgs(page)
    titles = [svg.find(f"{SVG}title").text for svg in svgs]
    assert titles == ["Sessions done per week (%)", "Pain next morning (0-10)", "PSFS scores"]
    for svg in svgs:
        assert svg.get("role") == "img" and svg.get("style") is None
        ids = svg.get("aria-labelledby").split()
        assert [svg.find(f"{SVG}title").get("id"), svg.find(f"{SVG}desc").get("id")] == ids
    adherence, pain, psfs = svgs
    assert len(adherence.findall(f"{SVG}rect")) >= 1
    assert [c.find(f"{SVG}title").text.rsplit(": ", 1)[1] for c in pain.findall(f"{SVG}circle")] == ["6", "4", "2"]
    assert [c.find(f"{SVG}title").text.rsplit(": ", 1)[1] for c in psfs.findall(f"{SVG}circle")] == ["2", "6"]
    assert "Pain next morning over 3 days with a score: from 2 to 6; the latest 2." in page
    assert "PSFS over 2 scores: first 2, latest 6 (range 0 to 10)." in page
    assert "Every pain score as a table" in page  # the whole history, as text, for a screen reader
    assert "PSFS from 2 to 6 (+4)." in page and "Better by at least the minimal important change (2)." in page
