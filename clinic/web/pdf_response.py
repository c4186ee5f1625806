"""A handout PDF as a response, the same for every route that hands one out."""

from __future__ import annotations

import io

from flask import Response, send_file


def pdf_response(pdf: bytes, name: str, inline: bool = False) -> Response:
    """A download, or ``inline`` for the browser's own PDF viewer (where Print is one click).

    ``no-store``: a handout carries the patient's name, so no cache along the way may keep it.
    """
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=not inline, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response
