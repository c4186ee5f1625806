"""Security headers on every response, and the sign-in rate limiter.

The policy allows scripts, styles and frames from our own origin only, so an
injected ``<script>`` or ``style=""`` in a patient's name can never run. The
builder shows its handout preview in a same-origin iframe, hence
``frame-src 'self'`` and ``frame-ancestors 'self'`` rather than ``'none'``.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    # For browsers too old to read frame-ancestors.
    "X-Frame-Options": "SAMEORIGIN",
}

# Keyed by client address. With the default memory:// storage each worker
# process counts on its own; set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379
# so that all workers share one count.
limiter = Limiter(get_remote_address)

LOGIN_LIMIT = "10 per minute;60 per hour"


def _add_security_headers(response: Response) -> Response:
    """Add the headers a view has not set itself (a view may need a different policy)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Pages show patient data: keep them out of shared and back/forward caches.
    if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    # Only meaningful (and only honoured) over HTTPS; plain-HTTP development is unaffected.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_security(app: Flask) -> None:
    limiter.init_app(app)
    app.after_request(_add_security_headers)
