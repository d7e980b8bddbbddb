"""The pages a UK service must have: privacy, terms, cookies, accessibility, contact.

Their figures come from configuration and code (retention periods, the contact
address, the cookie the site sets), so the pages say what the site actually does.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from directory.services import retention

bp = Blueprint("legal", __name__)


@bp.app_context_processor
def _legal_globals() -> dict[str, object]:
    return {
        "retention_periods": retention.periods,
        "contact_email": lambda: current_app.config["CONTACT_EMAIL"],
    }


def _page(template: str, key: str) -> str:
    return render_template(f"legal/{template}.html", active_legal=key)


@bp.get("/privacy")
def privacy() -> str:
    return _page("privacy", "privacy")


@bp.get("/terms")
def terms() -> str:
    return _page("terms", "terms")


@bp.get("/cookies")
def cookies() -> str:
    return render_template(
        "legal/cookies.html",
        active_legal="cookies",
        cookie_name=current_app.config["SESSION_COOKIE_NAME"],  # Flask's default: "session"
    )


@bp.get("/accessibility")
def accessibility() -> str:
    return _page("accessibility", "accessibility")


@bp.get("/contact")
def contact() -> str:
    return _page("contact", "contact")
