"""Credential claims: submit, amend, withdraw, with their evidence files."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory.account import bp, confirm_page, evidence, profile_required
from directory.account.forms import AmendClaimForm, ClaimForm
from directory.auth import limits
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account, practitioner_required
from directory.models import CredentialClaim, Role
from directory.services import NotFound, claims, ownership, taxonomy_reads
from directory.services.claims import ClaimError
from directory.services.evidence import EvidenceError


def _body_choices() -> list[SelectChoice]:
    # Registers first, then societies: the order the public sees them. Statutory
    # regulators are not offered: the profile's registration is that claim.
    bodies = [
        SelectChoice(str(b.id), f"{b.short_name}: {b.name}")
        for b in taxonomy_reads.list_bodies()
        if b.kind.value != "regulator"
    ]
    return [SelectChoice("", "Choose a register or society"), *bodies]


def _claims_page(form: ClaimForm, status: int = 200) -> tuple[str, int]:
    practitioner = ownership.own_profile(current_account())
    items = sorted(practitioner.claims, key=lambda c: c.submitted_at, reverse=True)
    return render_template(
        "account/claims.html",
        form=form,
        claims=items,
        bodies=taxonomy_reads.list_bodies(),
    ), status


@bp.route("/claims", methods=["GET", "POST"])
@practitioner_required
@profile_required
@limits.by_account("CLAIM_ACCOUNT")
def claims_list() -> ResponseReturnValue:
    account = current_account()
    form = ClaimForm()
    form.body.choices = _body_choices()
    status = 200
    if form.validate_on_submit():
        try:
            claims.submit(account, form.body.data, form.number.data or "", evidence.upload(form))
        except (ClaimError, EvidenceError) as exc:
            status = evidence.show_error(form, exc)
        else:
            flash("Your claim is submitted. We will check it and email you.", "success")
            return redirect(url_for("account.claims_list"))
    return _claims_page(form, status if status != 200 else 400 if form.errors else 200)


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@practitioner_required
@profile_required
@limits.by_account("CLAIM_ACCOUNT")
def claim_edit(claim_id: int) -> ResponseReturnValue:
    account = current_account()
    claim = ownership.owned(account, CredentialClaim, claim_id)
    form = AmendClaimForm(data={"number": claim.number})
    status = 200
    if form.validate_on_submit():
        try:
            claims.amend(account, claim.id, form.number.data or "", evidence.upload(form))
        except (ClaimError, EvidenceError) as exc:
            status = evidence.show_error(form, exc)
        else:
            flash("Your claim is saved and waiting to be checked.", "success")
            return redirect(url_for("account.claims_list") + f"#claim-{claim.id}")
    status = status if status != 200 else 400 if form.errors else 200
    return render_template("account/claim_edit.html", form=form, claim=claim), status


def too_large_page(
    endpoint: str | None, view_args: dict[str, Any], message: str
) -> ResponseReturnValue | None:
    """The upload page again, saying the file was too big (the body was never read, so
    nothing typed can be shown); None when the request was not a practitioner's upload."""
    if not current_user.is_authenticated:
        return None
    account = current_account()
    if account.role is not Role.PRACTITIONER or not account.email_verified:
        return None
    if ownership.profile_of(account) is None:
        return None
    if endpoint == "account.claims_list":
        form = ClaimForm(formdata=None)
        form.body.choices = _body_choices()
        form.evidence.errors = [message]
        return _claims_page(form, 413)
    if endpoint == "account.claim_edit":
        try:
            claim = ownership.owned(account, CredentialClaim, int(view_args["claim_id"]))
        except (NotFound, KeyError, ValueError):
            return None
        edit = AmendClaimForm(formdata=None, data={"number": claim.number})
        edit.evidence.errors = [message]
        return render_template("account/claim_edit.html", form=edit, claim=claim), 413
    return None


@bp.route("/claims/<int:claim_id>/withdraw", methods=["GET", "POST"])
@practitioner_required
@profile_required
def claim_withdraw(claim_id: int) -> ResponseReturnValue:
    claim = ownership.owned(current_account(), CredentialClaim, claim_id)
    if request.method == "GET":
        badge = " Its badge will leave your profile." if claim.status.value == "verified" else ""
        return confirm_page(
            f"Withdraw your {claim.body.short_name} claim?",
            f"The claim and its evidence file will be deleted.{badge}",
            "Withdraw claim",
            url_for("account.claims_list") + f"#claim-{claim.id}",
        )
    if not ButtonForm().validate_on_submit():
        abort(400)
    claims.withdraw(current_account(), claim_id)
    flash("Your claim is withdrawn.", "success")
    return redirect(url_for("account.claims_list"))


@bp.get("/claims/<int:claim_id>/evidence")
@login_required
def claim_evidence(claim_id: int) -> Response:
    return evidence.download(claims.evidence_file(current_account(), claim_id))
