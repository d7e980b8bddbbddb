"""The clinic-registration queue: pending registrations, one with its evidence and
history, and the decisions on it (approve with a date, reject or revoke with a reason)."""

from __future__ import annotations

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from directory.admin import bp, decision, require_fresh_password, review
from directory.admin.forms import ClaimReasonForm, RegistrationApproveForm
from directory.auth.session import current_account
from directory.services import ServiceError, profiles, registration_decisions, registrations
from directory.services.approval import DecisionError


@bp.get("/registrations")
def registration_queue() -> str:
    return render_template(
        "admin/registration_queue.html",
        queue=registration_decisions.pending_queue(),
        active="registrations",
    )


def _page(
    registration_id: int,
    approve: RegistrationApproveForm | None = None,
    reject: ClaimReasonForm | None = None,
    revoke: ClaimReasonForm | None = None,
    status: int = 200,
    problem: str | None = None,
) -> tuple[str, int]:
    registration = registration_decisions.get(registration_id)
    today = profiles.today()
    approve = approve or RegistrationApproveForm(
        valid_until=registration_decisions.default_valid_until(today)
    )
    me = current_account().id
    return render_template(
        "admin/registration.html",
        registration=registration,
        history=registration_decisions.history(registration),
        **review.decision_forms(
            approve, reject, revoke, registration_decisions.version_of(registration)
        ),
        problem=problem,
        own=any(p.owner_id == me for p in registration.clinic.practitioners),
        active="registrations",
    ), status


@bp.get("/registrations/<int:registration_id>")
def registration(registration_id: int) -> ResponseReturnValue:
    registration_decisions.get(registration_id)
    if stale := require_fresh_password(_back(registration_id)):
        return stale
    return _page(registration_id)


def _back(registration_id: int) -> str:
    return url_for("admin.registration", registration_id=registration_id)


@bp.post("/registrations/<int:registration_id>/approve")
@decision(_back)
def registration_approve(registration_id: int) -> ResponseReturnValue:
    form = RegistrationApproveForm()
    if not form.validate_on_submit():
        return _page(registration_id, approve=form, status=400)
    try:
        registration_decisions.approve(
            registration_id,
            current_account(),
            form.valid_until.data,
            profiles.today(),
            seen=form.seen.data or "",
            note=form.register_note.data or "",
        )
    except DecisionError as exc:
        field = form.register_note if exc.field == "note" else form.valid_until
        field.errors = [exc.message]
        return _page(registration_id, approve=form, status=exc.status)
    except ServiceError as exc:
        return _page(registration_id, status=exc.status, problem=exc.message)
    return review.decided(
        "Registration approved; it now shows on the clinic.", "admin.registration_queue"
    )


@bp.post("/registrations/<int:registration_id>/reject")
@decision(_back)
def registration_reject(registration_id: int) -> ResponseReturnValue:
    return _with_reason(
        registration_id, "reject", registration_decisions.reject, "Registration rejected."
    )


@bp.post("/registrations/<int:registration_id>/revoke")
@decision(_back)
def registration_revoke(registration_id: int) -> ResponseReturnValue:
    return _with_reason(
        registration_id, "revoke", registration_decisions.revoke, "Registration revoked."
    )


def _with_reason(
    registration_id: int, prefix: str, decide: review.Decision, done: str
) -> ResponseReturnValue:
    return review.with_reason(
        registration_id, prefix, decide, done, _page, "admin.registration_queue"
    )


@bp.get("/registrations/<int:registration_id>/evidence")
def registration_evidence(registration_id: int) -> Response:
    """The evidence file, under the same rules as a claim's (``review.evidence_response``)."""
    return review.evidence_response(registrations.evidence_file(current_account(), registration_id))
