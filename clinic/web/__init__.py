"""The web layer: extensions, security headers, error pages and blueprints."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter
from werkzeug.routing.map import Map

from clinic.i18n import N_
from clinic.models.common import MAX_ID

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Please sign in to see that page.")
login_manager.localize_callback = gettext  # the message above is a msgid, shown in the page language


@login_manager.user_loader
def _load_user(user_id: str):  # type: ignore[no-untyped-def]
    from clinic.web.sessions import load_session_user

    return load_session_user(user_id)


class RecordIdConverter(IntegerConverter):
    """``<int:...>`` in our routes: an id no row can have does not match, so it is a plain 404.

    Werkzeug's converter takes any number of digits, and a number past the
    database's INTEGER range made the query itself fail with a 500.
    """

    def __init__(self, url_map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)  # type: ignore[arg-type]


def init_web(app: Flask) -> None:
    app.url_map.converters["int"] = RecordIdConverter  # before any route is added
    csrf.init_app(app)
    login_manager.init_app(app)

    from clinic.web.errors import init_errors
    from clinic.web.labels import init_labels
    from clinic.web.security import init_security

    init_security(app)
    init_errors(app)
    init_labels(app)

    from clinic.web.roles import init_roles

    init_roles(app)

    from clinic.web import admin, assets, auth, builder, errors, handouts, home, jobs, library, patients

    for module in (assets, home, auth, patients, builder, library, handouts, jobs, admin, errors):
        app.register_blueprint(module.bp)

    from clinic.web import (  # noqa: F401 - studio_pose's routes join studio.bp
        account,
        audit_log,
        link_manage,
        outcomes,
        patient_link,
        records,
        studio,
        studio_pose,
        studio_protocol,
    )
    from clinic.web.log_filter import init_log_filter

    app.register_blueprint(patient_link.bp)
    app.register_blueprint(link_manage.bp)
    app.register_blueprint(outcomes.bp)
    init_log_filter(app)

    app.register_blueprint(account.bp)
    app.register_blueprint(studio.bp)

    app.register_blueprint(records.bp)
    app.register_blueprint(audit_log.bp)

    from clinic.web.body_limits import init_body_limits
    from clinic.web.input_guard import init_input_guard

    init_body_limits(app)

    init_input_guard(app)
