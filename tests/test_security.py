"""Security headers, friendly error pages, CSRF and sign-in throttling (with both switched on)."""

from __future__ import annotations

import re

import pytest
from flask import abort

from clinic.web.security import CONTENT_SECURITY_POLICY
from tests.conftest import TEST_PASSWORD


def sign_in(client, user):
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    return client


@pytest.mark.parametrize("path", ["/login", "/patients", "/no-such-page", "/static/css/app.css"])
def test_every_response_carries_the_security_headers(client, therapist, path):
    sign_in(client, therapist)
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "img-src 'self' data:" in csp and "frame-ancestors 'self'" in csp and "frame-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_with_patient_data_are_not_cached(client, patient, therapist):
    sign_in(client, therapist)
    assert client.get(f"/patients/{patient.id}").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/login", "/setup", "/patients", "/patients/new", "/account/password",
                                  "/admin/clinic", "/admin/users", "/admin/audit"])
def test_pages_have_no_inline_script_or_style(client, app, therapist, patient, path):
    """The CSP would block them, so they must not exist (they would silently do nothing)."""
    if path == "/setup":
        from clinic.db import db
        from clinic.models import AuditEvent, Patient, User
        for model in (AuditEvent, Patient, User):
            db.session.execute(db.delete(model))
        db.session.commit()
    else:
        therapist.role = "admin"
        from clinic.db import db
        db.session.commit()
        if path != "/login":
            sign_in(client, therapist)
    html = client.get(path).get_data(as_text=True)
    assert "<main" in html, path
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no onclick= and friends
    assert 'href="#main"' in html  # the skip link


def test_vendored_scripts_are_served_with_licences(client):
    for path in ["/static/vendor/htmx/htmx.min.js", "/static/vendor/sortablejs/Sortable.min.js",
                 "/static/vendor/htmx/LICENSE", "/static/vendor/sortablejs/LICENSE", "/static/js/app.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()
    app_js = client.get("/static/js/app.js").get_data(as_text=True)
    assert "htmx:configRequest" in app_js and "X-CSRFToken" in app_js


@pytest.fixture
def error_routes(app):
    """Routes that fail on purpose, added before the app serves its first request."""
    app.add_url_rule("/test/conflict", "conflict", lambda: abort(409))
    app.add_url_rule("/test/bad", "bad", lambda: abort(400))

    def crash():
        raise RuntimeError("secret internals")

    app.add_url_rule("/test/crash", "crash", crash)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/test/bad", 400, "not right"),
        ("/no-such-page", 404, "could not find"),
        ("/test/conflict", 409, "Someone else changed this"),
        ("/test/crash", 500, "something went wrong"),
    ],
)
def test_error_pages_are_friendly_and_never_show_a_traceback(client, error_routes, path, status, words):
    response = client.get(path)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert words in text and "<main" in text
    assert "Traceback" not in text and "secret internals" not in text and "RuntimeError" not in text


def test_htmx_requests_get_a_short_text_error(client, error_routes):
    response = client.get("/test/conflict", headers={"HX-Request": "true"})
    assert response.status_code == 409 and response.mimetype == "text/plain"
    assert "Reload the page" in response.get_data(as_text=True)


def test_too_large_upload_gets_the_413_page(client, therapist, app):
    therapist.role = "admin"
    from clinic.db import db
    db.session.commit()
    sign_in(client, therapist)
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = client.post("/admin/clinic", data={"name": "x", "notes": "y" * 20_000})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_csp_constant_is_what_is_sent(client):
    assert client.get("/login").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


class TestWithCsrfAndRateLimitOn:
    """conftest switches both off for convenience; here they are on, as in production."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": "memory://"}

    @staticmethod
    def token(html: str) -> str:
        match = re.search(r'name="csrf-token" content="([^"]+)"', html)
        assert match
        return match.group(1)

    def test_form_without_token_gets_the_friendly_400(self, client, therapist):
        response = client.post("/login", data={"email": therapist.email, "password": TEST_PASSWORD})
        assert response.status_code == 400
        assert "Reload the page and try again" in response.get_data(as_text=True)
        assert client.get("/patients").status_code == 302  # not signed in

    def test_form_token_and_htmx_header_token_are_accepted(self, client, therapist):
        token = self.token(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"email": therapist.email, "password": TEST_PASSWORD,
                                               "csrf_token": token})
        assert response.location == "/patients"
        page_token = self.token(client.get("/patients").get_data(as_text=True))
        # What app.js does for htmx: the token in the X-CSRFToken header.
        assert client.post("/logout", headers={"X-CSRFToken": page_token}).status_code == 302
        assert client.get("/patients").status_code == 302

    def test_sign_in_posts_are_throttled_per_address(self, client, therapist):
        token = self.token(client.get("/login").get_data(as_text=True))
        responses = [
            client.post("/login", data={"email": f"nobody{n}@example.org", "password": "x", "csrf_token": token})
            for n in range(11)
        ]
        assert [r.status_code for r in responses[:10]] == [200] * 10
        assert responses[10].status_code == 429
        assert "Too many attempts" in responses[10].get_data(as_text=True)
        assert client.get("/login").status_code == 200  # reading the page is not limited
