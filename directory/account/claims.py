"""Credential claims (with evidence) and requests to claim an existing listing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory.account import bp, profile_required
from directory.account.forms import AmendClaimForm, ClaimForm, ListingClaimForm
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account, practitioner_required
from directory.models import CredentialClaim
from directory.services import ServiceError, claims, listing_claims, profile_editor, profiles
from directory.services.claims import Upload

View = Response | str | tuple[str, int]


def _upload(form: ClaimForm | AmendClaimForm) -> Upload | None:
    file = form.evidence.data
    if file is None or not getattr(file, "filename", ""):
        return None
    return Upload(stream=file.stream, filename=file.filename or "")


def _body_choices() -> list[SelectChoice]:
    # Registers first, then societies, then regulators: the order the public sees them.
    return [SelectChoice(str(b.id), f"{b.short_name}: {b.name}") for b in profiles.list_bodies()]


@bp.route("/claims", methods=["GET", "POST"])
@practitioner_required
@profile_required
def claims_list() -> View:
    account = current_account()
    practitioner = profile_editor.own_profile(account)
    form = ClaimForm()
    form.body.choices = _body_choices()
    if form.validate_on_submit():
        try:
            claims.submit(account, form.body.data, form.number.data or "", _upload(form))
        except ServiceError as exc:
            form.number.errors = [exc.message]
        else:
            flash("Your claim is submitted. We will check it and tell you.", "success")
            return redirect(url_for("account.claims_list"))
    status = 400 if form.errors else 200
    items = sorted(practitioner.claims, key=lambda c: c.submitted_at, reverse=True)
    return render_template(
        "account/claims.html", form=form, claims=items, button_form=ButtonForm()
    ), status


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@practitioner_required
@profile_required
def claim_edit(claim_id: int) -> View:
    account = current_account()
    claim = profile_editor.owned(account, CredentialClaim, claim_id)
    form = AmendClaimForm(data={"number": claim.number})
    if form.validate_on_submit():
        try:
            claims.amend(account, claim.id, form.number.data or "", _upload(form))
        except ServiceError as exc:
            form.number.errors = [exc.message]
        else:
            flash("Your claim is saved and waiting to be checked.", "success")
            return redirect(url_for("account.claims_list"))
    status = 400 if form.errors else 200
    return render_template("account/claim_edit.html", form=form, claim=claim), status


@bp.post("/claims/<int:claim_id>/withdraw")
@practitioner_required
@profile_required
def claim_withdraw(claim_id: int) -> Response:
    if not ButtonForm().validate_on_submit():
        abort(400)
    claims.withdraw(current_account(), claim_id)
    flash("Your claim is withdrawn.", "success")
    return redirect(url_for("account.claims_list"))


@bp.get("/claims/<int:claim_id>/evidence")
@login_required
def claim_evidence(claim_id: int) -> Response:
    found = claims.evidence_file(current_account(), claim_id)
    response = send_file(
        found.path,
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=found.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/listing")
@practitioner_required
def listing_search() -> str:
    account = current_account()
    query = request.args.get("q", "")[:120]
    return render_template(
        "account/listing_search.html",
        query=query,
        results=listing_claims.claimable(query),
        mine=listing_claims.claims_by(account),
        has_profile=profile_editor.profile_of(account) is not None,
        form=ListingClaimForm(),
    )


@bp.post("/listing/<int:practitioner_id>/claim")
@practitioner_required
def listing_claim(practitioner_id: int) -> View:
    form = ListingClaimForm()
    if not form.validate_on_submit():
        flash("Tell us how we can confirm the listing is yours.", "error")
        return redirect(url_for("account.listing_search"))
    try:
        listing_claims.request_listing_claim(
            current_account(), practitioner_id, form.message.data or ""
        )
    except listing_claims.ListingClaimError as exc:
        flash(exc.message, "error")
    else:
        flash("Thank you: we will check your claim and email you.", "success")
    return redirect(url_for("account.dashboard"))
