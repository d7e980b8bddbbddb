"""The practitioner's own area: profile, clinics, treatments, claims, listing claims.

Every view here is behind ``practitioner_required`` (signed in, practitioner, verified
email), except the evidence download, which owners and admins may use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, flash, redirect, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from directory.errors import error_response

bp = Blueprint("account", __name__, url_prefix="/account")
F = TypeVar("F", bound=Callable[..., Any])


def profile_required(view: F) -> F:
    """Send an account without a profile to create one (place after practitioner_required)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from directory.auth.session import current_account
        from directory.services.profile_editor import profile_of

        if profile_of(current_account()) is None:
            flash("Create your profile first.", "info")
            return redirect(url_for("account.profile"))
        return view(*args, **kwargs)

    return cast(F, wrapped)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> tuple[Response | str, int]:
    return error_response(
        413, "too_large", "That upload is too big: evidence files can be at most 5 MB."
    )


def public_profile_url(slug: str) -> str | None:
    """The public page of a published profile, when the public site is installed."""
    try:
        return url_for("public.profile", slug=slug)
    except BuildError:
        return None


def init_app(app: Flask) -> None:
    """Register the blueprint with all its views."""
    from directory.account import claims, places, views  # noqa: F401  (routes on ``bp``)

    app.register_blueprint(bp)
