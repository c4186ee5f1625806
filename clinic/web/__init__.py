"""The web layer: extensions, security headers, error pages and blueprints."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."


@login_manager.user_loader
def _load_user(user_id: str):  # type: ignore[no-untyped-def]
    from clinic.web.sessions import load_session_user

    return load_session_user(user_id)


def init_web(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)

    from clinic.web.errors import init_errors
    from clinic.web.security import init_security

    init_security(app)
    init_errors(app)

    from clinic.web import admin, assets, auth, builder, errors, handouts, home, library, patients

    for module in (assets, home, auth, patients, builder, library, handouts, admin, errors):
        app.register_blueprint(module.bp)

    from clinic.web import account, audit_log, records

    app.register_blueprint(account.bp)

    app.register_blueprint(records.bp)
    app.register_blueprint(audit_log.bp)

    from clinic.web.input_guard import init_input_guard

    init_input_guard(app)
