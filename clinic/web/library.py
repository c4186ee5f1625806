"""The exercise library: search and filters, on its own page and beside the builder."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from clinic.i18n import select_locale
from clinic.models import Programme
from clinic.services import builder_view, favourites, library_detail, library_search
from clinic.services.library_terms import facet_label
from clinic.state import catalogue
from clinic.web.access import get_programme_or_404

bp = Blueprint("library", __name__)


@bp.app_context_processor
def _library_helpers() -> dict[str, Any]:
    """Results are drawn on the library page and inside the builder alike."""
    return {"library_rows": lambda exercises: builder_view.library_rows(catalogue(), exercises),
            "facet_label": lambda facet, value: facet_label(facet, value, catalogue(), select_locale())}


def library_context(query: library_search.Query, programme: Programme | None) -> dict[str, Any]:
    """What the search box and its results need, on the library page and in the builder alike."""
    language = select_locale()
    library = catalogue()
    starred = favourites.favourite_ids(current_user.id)
    return {
        "results": library_search.search(library, query, language=language,
                                         within=starred if query.favourites else None),
        "favourites": starred,
        "query": query,
        "facets": library_search.facets(library, language),
        "search_examples": library_search.examples(library, language),
        "in_programme": {item.exercise_id for item in programme.items} if programme else set(),
    }


@bp.get("/library")
@login_required
def index() -> Any:
    """Full page, or only the results when htmx asks (typing in the search box)."""
    query = library_search.Query.from_args(request.args)
    programme_id = request.args.get("programme", type=int)
    programme = get_programme_or_404(programme_id) if programme_id else None
    context = {**library_context(query, programme), "programme": programme}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render_template("builder/_results.html", **context)
    return render_template("builder/library.html", **context)


@bp.get("/library/<exercise_id>")
@login_required
def detail(exercise_id: str) -> Any:
    """Every level of one exercise, with pictures and steps, and Add when a programme is open."""
    exercise = catalogue().exercises.get(exercise_id)
    if exercise is None:
        abort(404)
    programme_id = request.args.get("programme", type=int)
    programme = get_programme_or_404(programme_id) if programme_id else None
    return render_template(
        "builder/exercise.html", exercise=exercise, rungs=library_detail.rungs(catalogue(), exercise),
        programme=programme, plugin=catalogue().owners.get(exercise.id, ""),
        in_programme=programme is not None and any(i.exercise_id == exercise.id for i in programme.items),
        favourites=favourites.favourite_ids(current_user.id),
    )


@bp.post("/library/<exercise_id>/favourite")
@login_required
def favourite(exercise_id: str) -> Any:
    """Star or unstar an exercise; htmx swaps the button, a plain form post goes back."""
    if exercise_id not in catalogue().exercises:
        abort(404)
    starred = favourites.set_favourite(current_user.id, exercise_id, request.form.get("starred") == "1")
    exercise = catalogue().exercises[exercise_id]
    if request.headers.get("HX-Request"):
        return render_template("builder/_favourite.html", exercise=exercise, starred=starred)
    return redirect(request.referrer or url_for("library.detail", exercise_id=exercise_id))
