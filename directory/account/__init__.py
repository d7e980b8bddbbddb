"""The practitioner's own area: profile, clinics, treatments, claims, listing claims.

Every view here is behind ``practitioner_required`` (signed in, practitioner, verified
email), except the evidence download, which owners and admins may use. Request bodies,
here and in the whole app, are capped: the two evidence upload pages at a little over
the 5 MB file limit, the photo uploads a little over 10 MB, the rest at ``FORM_LIMIT``;
anything bigger is refused unread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BuildError

from directory.errors import error_response
from directory.links import absolute_url
from directory.services.evidence import MAX_BYTES
from directory.services.notices import AccountLinks, provide_links
from directory.services.photo_images import MAX_BYTES as PHOTO_MAX_BYTES

# account.css lives with the blueprint (under /account/static/) until site.css takes it in.
bp = Blueprint(
    "account", __name__, url_prefix="/account", static_folder="static", static_url_path="/static"
)
F = TypeVar("F", bound=Callable[..., Any])

UPLOAD_ENDPOINTS = ("account.claims_list", "account.claim_edit")
PHOTO_ENDPOINTS = ("account.profile_photo_upload", "account.clinic_photo_upload")
# Room for the other fields and the multipart framing around the file.
UPLOAD_LIMIT = MAX_BYTES + 256 * 1024
PHOTO_LIMIT = PHOTO_MAX_BYTES + 256 * 1024
FORM_LIMIT = 256 * 1024
TOO_LARGE = (
    "That file is larger than 5 MB, so nothing was saved. Choose a smaller scan or photo "
    "and send the form again."
)


def profile_required(view: F) -> F:
    """Send an account without a profile to create one (place after practitioner_required)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        from directory.auth.session import current_account
        from directory.services.ownership import profile_of

        if profile_of(current_account()) is None:
            flash("Create your profile first.", "info")
            return redirect(url_for("account.profile"))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def confirm_page(title: str, message: str, button: str, cancel: str) -> str:
    """A page asking to confirm a destructive POST to the current address (no script
    needed, so it works under the site's Content Security Policy)."""
    from directory.auth.forms import ButtonForm

    return render_template(
        "account/confirm.html",
        title=title,
        message=message,
        button=button,
        cancel=cancel,
        form=ButtonForm(),
    )


def cap_request_size() -> None:
    """Limit how much of any request Flask will read (413 beyond it): the evidence and
    photo uploads a little over their file limits, everything else ``FORM_LIMIT``."""
    limit = FORM_LIMIT
    if request.endpoint in UPLOAD_ENDPOINTS:
        limit = UPLOAD_LIMIT
    elif request.endpoint in PHOTO_ENDPOINTS:
        limit = PHOTO_LIMIT
    configured = current_app.config["MAX_CONTENT_LENGTH"]
    request.max_content_length = min(limit, configured) if configured else limit


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> Any:
    from directory.account.credentials import too_large_page
    from directory.account.photos import PHOTO_TOO_LARGE, too_large_photo

    if request.endpoint in PHOTO_ENDPOINTS:
        return too_large_photo(request.view_args or {}) or error_response(
            413, "too_large", PHOTO_TOO_LARGE
        )
    page = too_large_page(request.endpoint, request.view_args or {}, TOO_LARGE)
    if page is not None:
        return page
    return error_response(413, "too_large", TOO_LARGE)


def public_profile_url(slug: str) -> str | None:
    """The public page of a published profile, when the public site is installed."""
    try:
        return url_for("public.profile", slug=slug)
    except BuildError:
        return None


def email_links() -> AccountLinks:
    """The account pages that emails about claims, listings and suspensions link to."""
    return AccountLinks(
        claims=absolute_url("account.claims_list"),
        dashboard=absolute_url("account.dashboard"),
        listing_search=absolute_url("account.listing_search"),
        clinics=absolute_url("account.clinics"),
    )


def init_app(app: Flask) -> None:
    """Register the blueprint with all its views, and the request size cap."""
    from directory.account import (  # noqa: F401  (routes on ``bp``)
        access,
        credentials,
        data_rights,
        hours,
        listing_claims,
        messages,
        photos,
        practice,
        registrations,
        travel,
        views,
    )

    app.register_blueprint(bp)
    provide_links(app, email_links)  # services.notices knows no route of ours
    # For the whole app, first of all: CSRFProtect's check reads the form, so the cap
    # must be set before it.
    app.before_request_funcs.setdefault(None, []).insert(0, cap_request_size)
