"""Handouts pages (to be built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("handouts", __name__)
