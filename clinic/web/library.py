"""The exercise library: search and filters, on its own page and beside the builder."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_login import login_required

from clinic.services import builder_view, library_search
from clinic.state import catalogue
from clinic.web.access import get_programme_or_404

bp = Blueprint("library", __name__)


@bp.app_context_processor
def _library_helpers() -> dict[str, Any]:
    """Results are drawn on the library page and inside the builder alike."""
    return {"library_rows": lambda exercises: builder_view.library_rows(catalogue(), exercises)}


@bp.get("/library")
@login_required
def index() -> Any:
    """Full page, or only the results when htmx asks (typing in the search box)."""
    query = library_search.Query.from_args(request.args)
    programme_id = request.args.get("programme", type=int)
    programme = get_programme_or_404(programme_id) if programme_id else None
    context = {"results": library_search.search(catalogue(), query), "query": query,
               "programme": programme, "facets": library_search.facets(catalogue())}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render_template("builder/_results.html", **context)
    return render_template("builder/library.html", **context)
