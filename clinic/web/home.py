"""The landing page."""

from __future__ import annotations

from flask import Blueprint, render_template

from clinic.state import catalogue

bp = Blueprint("home", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    cat = catalogue()
    return render_template("home.html", exercises=len(cat.exercises), protocols=len(cat.protocols))
