"""The admin area: the verification queue, concerns, listing claims, suspensions, the
audit trail, the taxonomy and the dashboard.

Everyone but a signed-in admin gets a 404 for every URL here, so the area's existence
is not advertised. Decisions also need the password to have been typed recently
(``ADMIN_REAUTH_SECONDS``); otherwise the admin is asked for it again first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.wrappers import Response
from wtforms import Field

from directory.services import ServiceError
from directory.web.text import clean_text

bp = Blueprint("admin", __name__, url_prefix="/admin")
MAX_PAGE = 10_000


def _admins_only() -> None:
    """404 for anyone but a signed-in admin on any admin route. Registered as the app's
    first check, before CSRF: otherwise a POST without a token would answer 400 on a
    real admin route and 404 on a made-up one, mapping the area for outsiders."""
    from directory.auth.session import signed_in_account

    if request.blueprint != bp.name:
        return
    # This runs before auth's own hook that drops a user cached on ``g`` by an earlier
    # request in the same app context: drop it here too, and decide from this session.
    g.pop("_login_user", None)
    account = signed_in_account()
    if account is None or not account.is_admin:
        abort(404)


def require_fresh_password(then: str) -> Response | None:
    """A redirect to the password prompt (coming back to ``then``) when the password was
    not typed recently enough for a decision; None when it was."""
    from directory.auth.session import password_is_fresh

    if password_is_fresh(int(current_app.config["ADMIN_REAUTH_SECONDS"])):
        return None
    flash("For your security, type your password again before making decisions.", "info")
    return redirect(url_for("admin.confirm_password", next=then))


View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


def decision(
    back: Callable[..., str] | None = None, methods: tuple[str, ...] = ("GET", "POST")
) -> Callable[[View], View]:
    """A view that decides something (or shows what to decide): on ``methods``, an admin
    whose password was not typed recently is sent to the prompt first, and comes back to
    ``back(**view_args)`` (this page when None)."""

    def wrap(view: View) -> View:
        @wraps(view)
        def checked(**view_args: Any) -> ResponseReturnValue:
            if request.method in methods:
                then = back(**view_args) if back else request.path
                if stale := require_fresh_password(then):
                    return stale
            return view(**view_args)

        return checked  # type: ignore[return-value]

    return wrap


def refused(call: Callable[[], object], field: Field | None = None) -> int | None:
    """Run the service ``call``: None when it went through. When a rule refuses it
    (``ServiceError``), its message is put on ``field`` (flashed, without one) and its
    status returned, for the view to show the page again with that status."""
    try:
        call()
    except ServiceError as exc:
        if field is None:
            flash(exc.message, "error")
        else:
            field.errors = [exc.message]
        return exc.status
    return None


def arg(name: str) -> str:
    """A query-string value as typed, without control characters (PostgreSQL refuses a
    NUL), at most 200 characters."""
    return str(clean_text(request.args.get(name, "")))[:200]


def page_number() -> int:
    """The ``page`` in the query string, kept between 1 and ``MAX_PAGE``."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def _hide_from_routing(exc: MethodNotAllowed) -> Response:
    """Routing answers before ``_admins_only`` runs: a wrong method on an admin URL
    would say 405 (and list the allowed ones) to anyone. Outsiders get a 404."""
    from directory.auth.session import signed_in_account
    from directory.errors import http_error

    if request.path == "/admin" or request.path.startswith("/admin/"):
        account = signed_in_account()
        if account is None or not account.is_admin:
            return http_error(NotFound())
    return http_error(exc)


def init_app(app: Flask) -> None:
    """Register the blueprint with all its views."""
    from directory.admin import (  # noqa: F401  (routes on ``bp``)
        audit,
        concerns,
        credentials,
        listing_claims,
        photos,
        practitioners,
        registrations,
        taxonomy,
        views,
    )

    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, _admins_only)
    app.register_error_handler(MethodNotAllowed, _hide_from_routing)
