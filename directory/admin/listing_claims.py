"""Requests to take over an existing listing: approve (the account becomes its owner)
or refuse with a reason."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from directory.admin import bp, require_fresh_password
from directory.admin.forms import ReasonForm
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account
from directory.services import ServiceError, listing_claims, listings


def _page(form: ReasonForm | None = None, failed: int | None = None, status: int = 200
          ) -> tuple[str, int]:
    return render_template(
        "admin/listing_claims.html", rows=listings.pending_listing_claims(),
        approve=ButtonForm(), refuse=form or ReasonForm(), failed=failed,
        active="listing_claims",
    ), status


@bp.get("/listing-claims")
def listing_claims_queue() -> ResponseReturnValue:
    if stale := require_fresh_password(url_for("admin.listing_claims_queue")):
        return stale
    return _page()


@bp.post("/listing-claims/<int:claim_id>/approve")
def approve_listing_claim(claim_id: int) -> ResponseReturnValue:
    if stale := require_fresh_password(url_for("admin.listing_claims_queue")):
        return stale
    if not ButtonForm().validate_on_submit():
        return _page(status=400)
    try:
        listing_claims.approve_listing_claim(claim_id, current_account())
    except ServiceError as exc:
        flash(exc.message, "error")
        return _page(status=exc.status)
    flash("Listing claim approved: the account now owns the listing.", "success")
    return redirect(url_for("admin.listing_claims_queue"))


@bp.post("/listing-claims/<int:claim_id>/refuse")
def refuse_listing_claim(claim_id: int) -> ResponseReturnValue:
    if stale := require_fresh_password(url_for("admin.listing_claims_queue")):
        return stale
    form = ReasonForm()
    if not form.validate_on_submit():
        return _page(form, claim_id, 400)
    try:
        listing_claims.refuse_listing_claim(claim_id, current_account(), form.reason.data or "")
    except ServiceError as exc:
        form.reason.errors = [exc.message]
        return _page(form, claim_id, exc.status)
    flash("Listing claim refused.", "success")
    return redirect(url_for("admin.listing_claims_queue"))
