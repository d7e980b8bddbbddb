"""Requests to take over an existing listing: find it, then ask for it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from directory.account import bp
from directory.account.forms import ListingClaimForm
from directory.auth import limits
from directory.auth.session import current_account, practitioner_required
from directory.services import listing_claims, ownership


def _listing_page(
    query: str, form: ListingClaimForm, failed_for: int | None = None, status: int = 200
) -> tuple[str, int]:
    account = current_account()
    return render_template(
        "account/listing_search.html",
        query=query,
        results=listing_claims.claimable(query),
        mine=listing_claims.claims_by(account),
        has_profile=ownership.profile_of(account) is not None,
        form=form,
        blank=ListingClaimForm(formdata=None),
        failed_for=failed_for,
    ), status


@bp.get("/listing")
@practitioner_required
def listing_search() -> ResponseReturnValue:
    return _listing_page(request.args.get("q", "")[:120].strip(), ListingClaimForm())


@bp.post("/listing/<int:practitioner_id>/claim")
@practitioner_required
@limits.by_account("LISTING_CLAIM_ACCOUNT")
def listing_claim(practitioner_id: int) -> ResponseReturnValue:
    form = ListingClaimForm()
    query = request.args.get("q", "")[:120].strip()
    if not form.validate_on_submit():
        return _listing_page(query, form, practitioner_id, 400)
    try:
        listing_claims.request_listing_claim(
            current_account(), practitioner_id, form.message.data or ""
        )
    except listing_claims.ListingClaimError as exc:
        flash(exc.message, "error")
        return redirect(url_for("account.listing_search", q=query or None))
    flash("Thank you: we will check your claim and email you with the answer.", "success")
    return redirect(url_for("account.dashboard"))
