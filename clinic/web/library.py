"""Library pages (to be built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("library", __name__)
