"""Handout commands (to be built)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add this module's commands to the app."""
