"""Find a Practitioner: a directory of verified aesthetic-treatment practitioners."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application; reads configuration only, does no other I/O."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)
    register_extensions(app)
    register_templates(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    from directory.config import Defaults, check_config, password_hash_profile
    from directory.database import default_database_uri
    from directory.db_deadline import engine_options

    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("DIRECTORY")
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = default_database_uri(app.instance_path)
    for key, default in (("SEARCH_INDEX_DIR", "search-index"), ("UPLOAD_DIR", "uploads")):
        if not app.config[key]:
            app.config[key] = f"{app.instance_path}/{default}"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    check_config(app.config)
    app.config["PASSWORD_HASH_PROFILE"] = password_hash_profile(app.config)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep documented field order
    if proxies := int(app.config["PROXY_COUNT"]):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def register_extensions(app: Flask) -> None:
    from directory import database, guards, links, logs, overload, search, security
    from directory.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(database.MIGRATIONS_DIR))
    database.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    search.init_app(app)
    security.init_app(app)
    links.init_app(app)
    logs.init_app(app)
    guards.init_app(app)
    overload.init_app(app)


def register_templates(app: Flask) -> None:
    from directory.web import (
        badges,
        field_html,
        formatting,
        layout,
        result_cards_html,
        search_fields,
        search_form_html,
        urgent_help,
    )

    formatting.init_app(app)
    search_fields.init_app(app)
    search_form_html.init_app(app)
    badges.init_app(app)
    layout.init_app(app)
    field_html.init_app(app)
    urgent_help.init_app(app)
    result_cards_html.init_app(app)


def register_blueprints(app: Flask) -> None:
    from directory import account, admin, auth
    from directory.api.views import bp as api_bp
    from directory.health import bp as health_bp
    from directory.public.legal import bp as legal_bp
    from directory.public.views import bp as public_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    auth.init_app(app)
    account.init_app(app)
    admin.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from directory import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from directory import cli

    cli.init_app(app)
