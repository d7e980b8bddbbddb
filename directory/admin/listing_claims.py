"""Requests to take over an existing listing: approve (the account becomes its owner)
or refuse with a reason."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from directory.admin import bp, decision, refused
from directory.admin.forms import ReasonForm
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account
from directory.services import listing_claims, listings


def _page(
    form: ReasonForm | None = None, failed: int | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "admin/listing_claims.html",
        rows=listings.pending_listing_claims(),
        approve=ButtonForm(),
        refuse=form or ReasonForm(),
        failed=failed,
        active="listing_claims",
    ), status


def _queue(**_: object) -> str:
    return url_for("admin.listing_claims_queue")


@bp.get("/listing-claims")
@decision(_queue)
def listing_claims_queue() -> ResponseReturnValue:
    return _page()


@bp.post("/listing-claims/<int:claim_id>/approve")
@decision(_queue)
def approve_listing_claim(claim_id: int) -> ResponseReturnValue:
    if not ButtonForm().validate_on_submit():
        return _page(status=400)
    if status := refused(lambda: listing_claims.approve_listing_claim(claim_id, current_account())):
        return _page(status=status)
    flash("Listing claim approved: the account now owns the listing.", "success")
    return redirect(url_for("admin.listing_claims_queue"))


@bp.post("/listing-claims/<int:claim_id>/refuse")
@decision(_queue)
def refuse_listing_claim(claim_id: int) -> ResponseReturnValue:
    form = ReasonForm()
    if not form.validate_on_submit():
        return _page(form, claim_id, 400)
    reason = form.reason.data or ""
    if status := refused(
        lambda: listing_claims.refuse_listing_claim(claim_id, current_account(), reason),
        form.reason,
    ):
        return _page(form, claim_id, status)
    flash("Listing claim refused.", "success")
    return redirect(url_for("admin.listing_claims_queue"))
