"""How large a request body each route accepts, checked before anything reads the body.

``MAX_CONTENT_LENGTH`` (2 MB) is the default. A record import needs more (it
carries its handouts' snapshots, pictures included): ``RECORD_IMPORT_MAX_BYTES``.
A builder edit is a few form fields and needs far less (``EDIT_MAX_BYTES``),
so one oversized edit cannot make a worker hold megabytes. The limit is set in
a URL value preprocessor because those run before every ``before_request``
function, including the CSRF check that parses the form; Werkzeug then answers
413 from the Content-Length alone, or stops reading a body without one at the limit.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request

FILE_UPLOADS_IN_THE_BUILDER = {"builder.import_json"}
"""A programme file keeps the ordinary upload limit."""


def limit_for(endpoint: str | None) -> int | None:
    """The body limit of a route; None keeps the app-wide ``MAX_CONTENT_LENGTH``."""
    config = current_app.config
    if endpoint == "records.import_record":
        return int(config["RECORD_IMPORT_MAX_BYTES"])
    if endpoint and endpoint.startswith("builder.") and endpoint not in FILE_UPLOADS_IN_THE_BUILDER:
        return min(int(config["EDIT_MAX_BYTES"]), int(config["MAX_CONTENT_LENGTH"]))
    return None


def _set_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    limit = limit_for(endpoint)
    if limit is not None:
        request.max_content_length = limit


def init_body_limits(app: Flask) -> None:
    app.url_value_preprocessor(_set_limit)
