"""Practitioner and admin accounts: sign-up, sign-in, verification, reset, settings.

``init_app`` configures Flask-Login (user loader, sign-in page, strong session
protection) and registers the ``auth`` blueprint.
"""

from __future__ import annotations

from flask import Flask, g

from directory.extensions import login_manager


def init_app(app: Flask) -> None:
    from directory.auth import (
        cookie_session,
        settings_views,  # noqa: F401  (its routes join ``bp``)
    )
    from directory.auth.session import load_user, touch_session
    from directory.auth.views import bp

    cookie_session.init_app(app)

    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"  # type: ignore[assignment]
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.before_request(_forget_cached_user)
    app.after_request(touch_session)
    app.register_blueprint(bp)


def _forget_cached_user() -> None:
    # Flask-Login caches the user on ``g``, which lives as long as the app context; when
    # a context outlives one request (the test client, CLI-driven requests) each request
    # must still decide from its own session who is signed in.
    g.pop("_login_user", None)
