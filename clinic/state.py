"""The per-app plugin state kept in ``app.extensions``: no module-level globals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pluggy
from flask import Flask, current_app

from clinic.catalogue import Catalogue, build_catalogue
from clinic.plugin_loader import (
    builtin_candidates,
    entry_point_candidates,
    folder_candidates,
    make_plugin_manager,
    register_plugins,
)

EXTENSION_KEY = "clinic"


@dataclass
class ClinicState:
    pm: pluggy.PluginManager
    catalogue: Catalogue


def load_plugins(app: Flask) -> ClinicState:
    """Discover, register and check every plugin once, at app creation."""
    pm = make_plugin_manager()
    candidates = (
        builtin_candidates()
        + folder_candidates(Path(d) for d in app.config["PLUGIN_DIRS"])
        + entry_point_candidates()
    )
    records = register_plugins(pm, candidates, app.config["DISABLED_PLUGINS"])
    catalogue = build_catalogue(pm, records)
    state = ClinicState(pm=pm, catalogue=catalogue)
    app.extensions[EXTENSION_KEY] = state
    return state


def clinic_state(app: Flask | None = None) -> ClinicState:
    return (app or current_app).extensions[EXTENSION_KEY]


def catalogue(app: Flask | None = None) -> Catalogue:
    return clinic_state(app).catalogue
