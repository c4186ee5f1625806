"""What a contributor may open: the studio, the exercise library and their own account, never a patient.

One list of the blueprints a contributor may reach, checked before every
request, so a page added later is closed to contributors until it is named
here; ``web/access.py`` refuses them any patient's record as well.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user

# Blueprints that hold no patient's data. ``library`` shows exercises; its ``?programme=`` goes through access.py.
CONTRIBUTOR_BLUEPRINTS = frozenset({"assets", "auth", "account", "errors", "home", "library", "studio"})


def init_roles(app: Flask) -> None:
    @app.before_request
    def _contributors_see_no_patients() -> None:
        if request.endpoint is None or request.endpoint == "static":
            return  # an unknown address is the 404 it would be for anyone; static files hold no data
        if current_user.is_authenticated and current_user.is_contributor \
                and request.blueprint not in CONTRIBUTOR_BLUEPRINTS:
            abort(403)
