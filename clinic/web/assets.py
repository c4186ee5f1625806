"""Serve plugin pictures by path (only from inside the plugin's own folder) and the favicon."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file, send_from_directory

from clinic.state import catalogue

bp = Blueprint("assets", __name__)

# What exercise pictures may be (see Picture.file); a plugin's code and data files are not served.
PICTURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


@bp.get("/plugin-assets/<plugin>/<path:file>")
def plugin_asset(plugin: str, file: str):  # type: ignore[no-untyped-def]
    """Send one plugin file; anything outside the folder answers 404."""
    path = catalogue().asset_path(plugin, file)
    if path is None or path.suffix.lower() not in PICTURE_SUFFIXES:
        abort(404)
    return send_file(path, max_age=3600)


@bp.get("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    """Browsers and bookmarks ask for /favicon.ico whatever the page links; answer it, not a 404."""
    return send_from_directory(current_app.static_folder or "", "favicon.ico", max_age=86400)
