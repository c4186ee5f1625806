"""Every page in Spanish, with no English sentence that the catalogue translates.

Real app, real database, the shipped plugins' Spanish content. Each GET route of
every blueprint is visited as a Spanish-reading therapist and admin (a route
nobody listed here fails the test, so a new page cannot skip the check), then the
error pages, the builder's fragments, the handout (HTML preview and the PDF, read
back with pypdf), and the POST answers that carry words: edit announcements,
dosage errors, change sentences, conflicts, flashes, export refusals, sign-in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from werkzeug.exceptions import Gone

from clinic.db import db
from clinic.jobs.batch import start_batch
from clinic.jobs.queue import run_here
from clinic.models import IssuedHandout, OutcomeSchedule, OutcomeScore, Patient, Programme, ProgrammeItem, User
from clinic.services.programmes import create_programme
from clinic.state import catalogue
from clinic.web.errors import _handle_http_error
from tests.conftest import hashed_test_password
from tests.handout_support import page_texts
from tests.patient_link_support import printed_path
from tests.session_helpers import sign_in
from tests.spanish_pages import (
    content_strings,
    english_in,
    template_literals,
    translated_english,
    visible_text,
    without_content,
)

ROUTINE = "runners_knee.routine"
STATIC_JS = Path(__file__).resolve().parents[1] / "clinic" / "static" / "js"

NOT_PAGES = {
    # endpoint: why its answer has no words to translate
    "static": "the app's own CSS, JS and fonts",
    "assets.plugin_asset": "a plugin's picture",
    "assets.favicon": "the app's icon",
    "admin.clinic_logo": "the clinic's logo picture",
    "patient_link.service_worker": "the patient page's service worker script",
    "audit_log.export_csv": "a CSV of stored events for the admin's own tools",
    "builder.export_json": "a programme file, data not prose",
    "records.export_json": "the patient's record as data",
    "records.export_fhir": "the patient's record as FHIR data",
    "handouts.reprint_pdf": "checked as a PDF below",
    "jobs.job_pdf": "the same PDF as a reprint, for a finished render job",
    "jobs.batch_zip": "a ZIP of a print run's PDFs",
    "auth.setup": "only before the first user exists; checked on its own below",
}


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The studio on, so its pages are checked too (it only reads the shipped plugins here: GET pages)."""
    return {**app_config, "STUDIO": True}


def _fresh(client: FlaskClient) -> FlaskClient:
    """The tests' app context outlives requests: drop the cached user and locale first."""
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)
    return client


def _signed_in(app: Flask, user: User) -> FlaskClient:
    return sign_in(app.test_client(), user)


class Leaks:
    """English found per page; reported together so one run lists every page to fix.

    The library's and the programmes' own words are cut out first: they are content
    (English in the shipped plugins), shown as stored, not the app's sentences.
    """

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}
        self._content: list[str] | None = None

    def content(self) -> list[str]:
        if self._content is None:
            programmes = [{c.key: getattr(p, c.key) for c in Programme.__table__.columns}
                          for p in db.session.execute(db.select(Programme)).scalars()]
            self._content = content_strings(*catalogue().exercises.values(), *catalogue().protocols.values(),
                                            programmes)
        return self._content

    def check(self, where: str, html: str) -> None:
        english = english_in(without_content(visible_text(html), self.content()))
        if english:
            self.found[where] = english

    def assert_none(self) -> None:
        listed = "\n".join(f"  {where}: {english}" for where, english in self.found.items())
        assert not self.found, f"English that has a Spanish translation shows on:\n{listed}"


@pytest.fixture
def leaks() -> Leaks:
    return Leaks()


@pytest.fixture
def world(app: Flask, therapist: User, patient: Patient) -> Iterator[dict]:
    """A Spanish-reading therapist and admin, a patient with a programme, an issued handout and a template."""
    therapist.ui_language = "es"
    therapist.name = "Teresa Terapeuta"  # the shared fixture's "Terry Therapist" would read as English
    admin = User(clinic_id=therapist.clinic_id, email="admin@example.org", name="Ana Administradora", role="admin",
                 ui_language="es", password_hash=hashed_test_password())
    archived = Patient(clinic_id=therapist.clinic_id, display_name="Ana Archivada", reference="P-2",
                       archived_at=db.func.now())
    db.session.add_all([admin, archived])
    patient.language = "es"
    programme = create_programme(patient, therapist, catalogue().protocols[ROUTINE])
    db.session.commit()
    client = _signed_in(app, therapist)
    assert _fresh(client).post(f"/programmes/{programme.id}/template", data={"title": "Rodilla"}).status_code == 303
    template = db.session.execute(db.select(Programme).filter_by(is_template=True)).scalar_one()
    exported = _fresh(client).post(f"/programmes/{programme.id}/export", data={"language": "es"})
    assert exported.status_code == 200, exported.get_data(as_text=True)
    item = sorted(programme.items, key=lambda i: i.position)[0]
    # A PSFS taken at a visit and due again: the patient page asks for it, the therapist's shows it.
    db.session.add_all([
        OutcomeScore(clinic_id=patient.clinic_id, patient_id=patient.id, user_id=therapist.id, scale_id="core.psfs",
                     scale_name="Patient-Specific Functional Scale", score_low=0, score_high=10,
                     day=date.today() - timedelta(days=20), score=4, answers=[{"item": "Escaleras", "rating": 4}]),
        OutcomeSchedule(clinic_id=patient.clinic_id, patient_id=patient.id, scale_id="core.psfs", every_days=14),
    ])
    db.session.commit()
    run = start_batch(therapist.clinic_id, therapist, [programme])  # a print run, rendered here (no queue)
    db.session.commit()
    run_here(run.jobs[0].id)
    yield {"batch": run.batch, "job": run.jobs[0], "therapist": therapist, "admin": admin, "patient": patient,
           "archived": archived, "programme": programme, "template": template, "item": item, "pdf": exported.data,
           "client": client, "admin_client": _signed_in(app, admin)}


def _url_for(rule: str, world: dict) -> str:
    ids = {"patient_id": world["patient"].id, "programme_id": world["programme"].id,
           "user_id": world["therapist"].id, "handout_id": 1, "item_id": world["item"].id,
           "job_id": world["job"].id, "batch_id": world["batch"].id,
           "exercise_id": world["item"].exercise_id, "plugin": "runners_knee", "stem": "clamshell",
           "token": printed_path(world["pdf"]).removeprefix("/p/")}  # the patient page, in the handout's language
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


def test_every_get_page_is_in_spanish_for_a_therapist_and_an_admin(app: Flask, world: dict, leaks: Leaks) -> None:
    visited = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES:
            continue
        url = _url_for(rule.rule, world)
        for who in ("client", "admin_client"):
            response = _fresh(world[who]).get(url, headers={"Accept-Language": "en"}, follow_redirects=True)
            assert response.status_code in (200, 403), (url, who, response.status_code)
            assert response.mimetype == "text/html", (url, response.mimetype)
            leaks.check(f"GET {url} as {who}", response.get_data(as_text=True))
        visited.add(rule.endpoint)
    assert "builder.edit" in visited and "admin.audit_log" in visited and "patients.show" in visited
    leaks.assert_none()


def test_pages_with_more_to_show_are_in_spanish(world: dict, leaks: Leaks) -> None:
    """Archived lists, live-search fragments, the builder's fragments and the new-programme page."""
    programme, patient = world["programme"], world["patient"]
    fragment = {"HX-Request": "true"}
    pages = [
        ("/patients?archived=1", {}), ("/patients?q=Mar", fragment), ("/patients?q=nobody", fragment),
        ("/patients?archived=1&q=zz", fragment), (f"/patients/{world['archived'].id}", {}),
        (f"/library?programme={programme.id}&q=knee", fragment), ("/library?q=zzzz", {}),
        (f"/programmes/{programme.id}/language-check?language=es", {}),
        (f"/programmes/{programme.id}/language-check?language=en", {}),
        (f"/programmes/{world['template'].id}", {}), (f"/patients/{patient.id}/programmes/new", {}),
    ]
    for url, headers in pages:
        response = _fresh(world["client"]).get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        leaks.check(f"GET {url}", response.get_data(as_text=True))
    leaks.assert_none()


def test_error_pages_are_in_spanish(app: Flask, world: dict, leaks: Leaks) -> None:
    client = world["client"]
    for url, status in (("/no-such-page", 404), ("/admin/users", 403), ("/programmes/99999", 404)):
        response = _fresh(client).get(url)
        assert response.status_code == status
        leaks.check(f"error page {url}", response.get_data(as_text=True))
        text = _fresh(client).get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert not english_in(text), (url, text)
    assert _fresh(client).post("/patients", headers={"Accept-Language": "es"}).status_code == 405
    with app.test_request_context("/", headers={"Accept-Language": "es", "HX-Request": "true"}):
        body, status, _headers = _handle_http_error(Gone())  # a status without its own words
    assert status == 410 and "Gone" not in body and "Vuelva atrás" in body, body
    leaks.assert_none()


def test_signed_out_pages_and_the_sign_in_failure_are_in_spanish(app: Flask, world: dict, leaks: Leaks) -> None:
    client = app.test_client()
    spanish = {"Accept-Language": "es"}
    redirected = _fresh(client).get("/patients", headers=spanish, follow_redirects=True)
    leaks.check("sign-in page after a redirect", redirected.get_data(as_text=True))
    assert "Inicie sesión" in visible_text(redirected.get_data(as_text=True))
    failed = _fresh(client).post("/login", data={"email": "admin@example.org", "password": "wrong"},
                                 headers=spanish)
    leaks.check("failed sign-in", failed.get_data(as_text=True))
    assert "no coinciden" in visible_text(failed.get_data(as_text=True))
    leaks.assert_none()


def test_the_first_run_setup_page_is_in_spanish(app: Flask, leaks: Leaks) -> None:
    response = _fresh(app.test_client()).get("/setup", headers={"Accept-Language": "es"})
    assert response.status_code == 200
    leaks.check("setup", response.get_data(as_text=True))
    leaks.assert_none()


def test_the_handout_is_in_spanish_as_preview_and_pdf(world: dict, leaks: Leaks) -> None:
    preview = _fresh(world["client"]).get(f"/programmes/{world['programme'].id}/preview?language=es")
    assert preview.status_code == 200
    leaks.check("handout preview", preview.get_data(as_text=True))
    for text in page_texts(world["pdf"]):
        assert not english_in(text), (english_in(text), text)
    wanted = db.select(IssuedHandout).filter_by(programme_id=world["programme"].id)
    issued = db.session.execute(wanted).scalars().first()
    assert issued is not None  # ids are not 1 on PostgreSQL, whose sequences outlive emptied tables
    reprint = _fresh(world["client"]).get(f"/handouts/{issued.id}/pdf")
    assert reprint.status_code == 200 and not english_in(" ".join(page_texts(reprint.data)))


def _edit(world: dict, path: str, data: dict, expect: int = 200) -> str:
    programme = world["programme"]
    db.session.refresh(programme)
    response = _fresh(world["client"]).post(f"/programmes/{programme.id}{path}",
                                            data={"version": programme.version, **data})
    assert response.status_code == expect, (path, response.status_code, response.get_data(as_text=True))
    return response.get_data(as_text=True)
    leaks.assert_none()


def test_builder_answers_are_in_spanish(world: dict, leaks: Leaks) -> None:
    """Announcements, the removed line, dosage errors and lines, change sentences, conflicts."""
    item, programme = world["item"], world["programme"]
    other = next(i for i in catalogue().exercises if i not in {x.exercise_id for x in programme.items})
    answers = {
        "add": _edit(world, "/items", {"exercise_id": other}),
        "move": _edit(world, f"/items/{item.id}/move", {"direction": "down"}),
        "move at top": _edit(world, f"/items/{item.id}/move", {"direction": "up"}),
        "section": _edit(world, f"/items/{item.id}/section",
                         {"section": next(i.section for i in programme.items if i.section != item.section)}),
        "reorder": _edit(world, "/reorder", {"order": json.dumps({})}),
        "dosage": _edit(world, f"/items/{item.id}/dosage", {"sets": "2", "reps": "12"}),
        "dosage refused": _edit(world, f"/items/{item.id}/dosage",
                                {"sets": "99", "reps": "abc", "rest_seconds": "x", "hold_seconds": "-1",
                                 "load_kind": "kg"}, expect=422),
        "side refused": _edit(world, f"/items/{item.id}/dosage", {"side": "upside"}, expect=422),
        "level": _edit(world, f"/items/{item.id}/level", {"level": "0"}),
        "note": _edit(world, f"/items/{item.id}/note", {"note": "Despacio."}),
        "settings": _edit(world, "/settings", {"goal": "Correr 5 km", "schedule": "no colon here"},
                          expect=422),
    }
    removed = _edit(world, f"/items/{item.id}/remove", {})
    answers["remove"] = removed
    data = re.search(r"hx-vals='([^']*)'", removed)
    assert data, removed
    answers["restore"] = _edit(world, "/items/restore", json.loads(data.group(1).replace("&#34;", '"')))
    answers["conflict"] = _fresh(world["client"]).post(
        f"/programmes/{programme.id}/items/{item.id}/note", data={"version": 1, "note": "x"}).get_data(as_text=True)
    answers["changes"] = _fresh(world["client"]).get(f"/programmes/{programme.id}/changes").get_data(as_text=True)
    for what, html in answers.items():
        leaks.check(f"builder {what}", html)
    assert "min" in visible_text(answers["dosage"])
    assert "series de" in visible_text(answers["dosage"])  # the dosage line follows the page language
    leaks.assert_none()


def test_flashes_and_refusals_are_in_spanish(app: Flask, world: dict, leaks: Leaks) -> None:
    client, admin, programme = world["client"], world["admin_client"], world["programme"]
    patient = world["patient"]
    posts = [
        (client, "/account/language", {"ui_language": "xx"}),
        (client, f"/patients/{patient.id}/archive", {}),
        (client, f"/patients/{patient.id}/restore", {}),
        (client, f"/programmes/{programme.id}/template", {}),
        (client, f"/templates/{world['template'].id}/archive", {}),
        (admin, f"/patients/{patient.id}/erase", {"confirm_name": "not the name"}),
        (admin, f"/patients/{world['archived'].id}/erase", {"confirm_name": "Ana Archivada"}),
        (admin, f"/admin/users/{world['admin'].id}/active", {"active": "0"}),
        (admin, f"/admin/users/{world['admin'].id}/reset-password", {}),
        (admin, "/admin/users", {"name": "", "email": "bad", "password": "short", "role": "therapist"}),
        (client, f"/patients/{patient.id}/programmes/import", {}),
        # Last: deactivating ends the therapist's sessions for good, even once re-activated.
        (admin, f"/admin/users/{world['therapist'].id}/active", {"active": "0"}),
        (admin, f"/admin/users/{world['therapist'].id}/active", {"active": "1"}),
    ]
    for who, url, data in posts:
        response = _fresh(who).post(url, data=data, follow_redirects=True)
        assert response.status_code in (200, 400, 422), (url, response.status_code)
        leaks.check(f"POST {url}", response.get_data(as_text=True))
    sign_in(client, world["therapist"])  # a new session after the re-activation
    refusals = [_fresh(client).post(f"/programmes/{programme.id}/export", data=data)
                for data in ({"language": "qq"}, {"language": "es", "paper": "A0"})]
    refusals.append(_fresh(client).get(f"/programmes/{programme.id}/language-check?language=qq"))
    app.config["MAX_EXERCISES_PER_HANDOUT"] = 1  # read at export time: a programme too large to print
    refusals.append(_fresh(client).post(f"/programmes/{programme.id}/export", data={"language": "es"}))
    app.config["MAX_EXERCISES_PER_HANDOUT"] = 100
    db.session.add(ProgrammeItem(programme_id=programme.id, exercise_id="gone.plugin_removed", section="strength",
                                 position=99))
    db.session.commit()  # an exercise whose plugin is gone: refused, not left out
    refusals.append(_fresh(client).post(f"/programmes/{programme.id}/export", data={"language": "es"}))
    for refused in refusals:
        said = refused.get_data(as_text=True)
        assert refused.status_code == 400 and refused.mimetype == "text/plain", said
        assert not english_in(said), said
    assert "como mucho 1" in refusals[3].get_data(as_text=True)
    assert "ya no están en la biblioteca" in refusals[4].get_data(as_text=True)
    leaks.assert_none()


def test_the_check_finds_english_on_a_page() -> None:
    """The checker itself: an English sentence of the catalogue is found, its Spanish is not."""
    assert english_in("Nada aquí. Change level, dosage or note") == ["Change level, dosage or note"]
    assert english_in("Se quitó Bridge. Removed Bridge.") == ["Removed"]  # "Removed %(name)s." has one word
    assert without_content("Puente: Bridge lift", ["Bridge lift"]) == "Puente:  ¶ "
    assert english_in(visible_text('<p title="Drag to move">x</p>')) == ["Drag to move"]
    assert english_in("Cambiar nivel, dosis o nota") == []
    assert len(translated_english()) > 300


NOT_PROSE_IN_JS = {"use strict": "the script's mode", "message message-": "CSS class names"}
JS_PROSE = re.compile(r"""(["'])((?:(?!\1).)*[A-Za-z]+ [A-Za-z]+(?:(?!\1).)*|[A-Z][a-z]+[.!…]?)\1""")


def test_javascript_holds_no_english_sentences() -> None:
    """Words the scripts show come from ``data-say-*`` attributes the templates translate."""
    for script in STATIC_JS.glob("*.js"):
        code = re.sub(r"^\s*//.*$", "", script.read_text(encoding="utf-8"), flags=re.MULTILINE)  # comments
        found = [m.group(2) for m in JS_PROSE.finditer(code)
                 if not m.group(2).startswith(("htmx:", "data-")) and m.group(2) not in NOT_PROSE_IN_JS]
        assert not found, f"{script.name} has English text: {found}"


def test_templates_write_no_words_outside_gettext(app: Flask) -> None:
    """A word typed straight into a template cannot be translated: every one goes through ``_()``."""
    env = app.jinja_env
    found = {}
    for name in env.list_templates(extensions=["html"]):
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        if words := template_literals(source, env.parse):
            found[name] = words
    assert not found, f"templates with words outside gettext: {found}"


def test_the_psfs_is_asked_and_shown_in_spanish(app: Flask, world: dict, leaks: Leaks) -> None:
    """The core's scale comes through a hook, yet its words are in the catalogue like any page's."""
    patient_page = _fresh(app.test_client()).get(printed_path(world["pdf"])).get_data(as_text=True)
    assert "¿Cómo le van las tareas de cada día?" in patient_page
    assert "Escriba hasta 5 cosas que le cuesta hacer" in patient_page and 'value="Escaleras"' in patient_page
    leaks.check("the patient page asking for the PSFS", patient_page)
    staff = _fresh(world["client"]).get(f"/patients/{world['patient'].id}").get_data(as_text=True)
    assert "Medidas de resultado" in staff and "Escala Funcional Específica del Paciente" in staff
    assert "Puntuaciones PSFS" in staff  # the chart's title
    leaks.check("the therapist's patient page with a score", staff)
    leaks.assert_none()
