"""The verification queue: pending claims, one claim with its evidence and history, and
the decisions on it (approve with a date, reject or revoke with a reason)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from directory import clock
from directory.admin import arg, bp, decision, require_fresh_password, review
from directory.admin.forms import ApproveForm, ClaimReasonForm
from directory.auth.session import current_account
from directory.models import CredentialClaim
from directory.models.statutory_regulators import records_prescribing
from directory.services import (
    ServiceError,
    claims,
    evidence_pages,
    taxonomy_reads,
    verification,
)
from directory.services.evidence import open_file


@bp.get("/claims")
def queue() -> str:
    body = arg("body") or None
    found = verification.pending_queue(body)
    return render_template(
        "admin/queue.html",
        queue=found,
        bodies=taxonomy_reads.list_bodies(),
        body=body,
        active="claims",
    )


def _pdf_pages(claim: CredentialClaim) -> int:
    """How many pages of the claim's PDF evidence to show as images (0: not a PDF)."""
    if claim.evidence_mimetype != "application/pdf" or not claim.evidence_path:
        return 0
    try:
        with open_file(claim.evidence_path) as stream:
            data = stream.read()
    except FileNotFoundError:
        return 0
    return evidence_pages.page_count(data)


def _claim_page(
    claim_id: int,
    approve: ApproveForm | None = None,
    reject: ClaimReasonForm | None = None,
    revoke: ClaimReasonForm | None = None,
    status: int = 200,
    problem: str | None = None,
) -> tuple[str, int]:
    claim = verification.get_claim(claim_id)
    today = clock.today()
    if approve is None:
        approve = ApproveForm(valid_until=verification.default_valid_until(claim.body, today))
    return render_template(
        "admin/claim.html",
        claim=claim,
        practitioner=claim.practitioner,
        history=verification.claim_history(claim),
        **review.decision_forms(approve, reject, revoke, verification.version_of(claim)),
        own=claim.practitioner.owner_id == current_account().id,
        pdf_pages=_pdf_pages(claim),
        problem=problem,
        today=today,
        records_prescribing=records_prescribing,
        active="claims",
    ), status


def _back(claim_id: int) -> str:
    return url_for("admin.claim", claim_id=claim_id)


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> ResponseReturnValue:
    verification.get_claim(claim_id)  # 404 for a claim that does not exist, before all
    if stale := require_fresh_password(_back(claim_id)):
        return stale
    return _claim_page(claim_id)


@bp.post("/claims/<int:claim_id>/approve")
@decision(_back)
def approve(claim_id: int) -> ResponseReturnValue:
    form = ApproveForm()
    if not form.validate_on_submit():
        return _claim_page(claim_id, approve=form, status=400)
    try:
        verification.approve(
            claim_id,
            current_account(),
            form.valid_until.data,
            clock.today(),
            seen=form.seen.data or "",
            register=verification.RegisterEntry(
                note=form.register_note.data or "",
                conditions=form.register_conditions.data or "",
                prescriber={"yes": True, "no": False}.get(form.prescriber.data or ""),
            ),
        )
    except verification.DecisionError as exc:
        field = {"note": form.register_note, "prescriber": form.prescriber}.get(
            exc.field or "", form.valid_until
        )
        field.errors = [exc.message]
        return _claim_page(claim_id, approve=form, status=exc.status)
    except ServiceError as exc:
        if exc.status != 400:  # decided meanwhile, or not this admin's to decide
            return _claim_page(claim_id, status=exc.status, problem=exc.message)
        form.valid_until.errors = [exc.message]
        return _claim_page(claim_id, approve=form, status=exc.status)
    return review.decided("Claim approved; the badge is now public.", "admin.queue")


@bp.post("/claims/<int:claim_id>/reject")
@decision(_back)
def reject(claim_id: int) -> ResponseReturnValue:
    return _with_reason(claim_id, "reject", verification.reject, "Claim rejected.")


@bp.post("/claims/<int:claim_id>/revoke")
@decision(_back)
def revoke(claim_id: int) -> ResponseReturnValue:
    return _with_reason(claim_id, "revoke", verification.revoke, "Credential revoked.")


def _with_reason(
    claim_id: int, prefix: str, decide: review.Decision, done: str
) -> ResponseReturnValue:
    return review.with_reason(claim_id, prefix, decide, done, _claim_page, "admin.queue")


@bp.get("/claims/<int:claim_id>/evidence/page-<int:number>.png")
def evidence_page(claim_id: int, number: int) -> Response:
    """A page of PDF evidence drawn as an image (see ``services.evidence_pages``)."""
    found = claims.evidence_file(current_account(), claim_id)
    with found.content:
        if found.mimetype != "application/pdf":
            abort(404)
        data = found.content.read()
    response = Response(evidence_pages.page_png(data, number), mimetype="image/png")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/claims/<int:claim_id>/evidence")
def evidence(claim_id: int) -> Response:
    """The evidence file, in a sandbox (``review.evidence_response``)."""
    return review.evidence_response(claims.evidence_file(current_account(), claim_id))
