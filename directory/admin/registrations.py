"""The clinic-registration queue: pending registrations, one with its evidence and
history, and the decisions on it (approve with a date, reject or revoke with a reason)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response

from directory.admin import bp, require_fresh_password
from directory.admin.forms import ClaimReasonForm, RegistrationApproveForm
from directory.auth.session import current_account
from directory.models import ClinicRegistration
from directory.services import ServiceError, profiles, registration_decisions, registrations
from directory.services.approval import DecisionError

View = Response | str | tuple[str, int]
Decision = Callable[..., ClinicRegistration]  # (id, admin, reason, *, seen)


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
    reject = reject or ClaimReasonForm(prefix="reject")
    revoke = revoke or ClaimReasonForm(prefix="revoke")
    for form in (approve, reject, revoke):
        form.seen.data = registration_decisions.version_of(registration)
    me = current_account().id
    return render_template(
        "admin/registration.html",
        registration=registration,
        history=registration_decisions.history(registration),
        approve=approve,
        reject=reject,
        revoke=revoke,
        problem=problem,
        own=any(p.owner_id == me for p in registration.clinic.practitioners),
        active="registrations",
    ), status


@bp.get("/registrations/<int:registration_id>")
def registration(registration_id: int) -> View:
    registration_decisions.get(registration_id)
    then = url_for("admin.registration", registration_id=registration_id)
    if stale := require_fresh_password(then):
        return stale
    return _page(registration_id)


def _decided(done: str) -> Response:
    flash(done, "success")
    return redirect(url_for("admin.registration_queue"))


@bp.post("/registrations/<int:registration_id>/approve")
def registration_approve(registration_id: int) -> View:
    then = url_for("admin.registration", registration_id=registration_id)
    if stale := require_fresh_password(then):
        return stale
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
    return _decided("Registration approved; it now shows on the clinic.")


@bp.post("/registrations/<int:registration_id>/reject")
def registration_reject(registration_id: int) -> View:
    return _with_reason(
        registration_id, "reject", registration_decisions.reject, "Registration rejected."
    )


@bp.post("/registrations/<int:registration_id>/revoke")
def registration_revoke(registration_id: int) -> View:
    return _with_reason(
        registration_id, "revoke", registration_decisions.revoke, "Registration revoked."
    )


def _with_reason(registration_id: int, prefix: str, decide: Decision, done: str) -> View:
    then = url_for("admin.registration", registration_id=registration_id)
    if stale := require_fresh_password(then):
        return stale
    form = ClaimReasonForm(prefix=prefix)
    if not form.validate_on_submit():
        return _page(registration_id, status=400, **{prefix: form})
    try:
        decide(
            registration_id, current_account(), form.reason.data or "", seen=form.seen.data or ""
        )
    except ServiceError as exc:
        if exc.status != 400:
            return _page(registration_id, status=exc.status, problem=exc.message)
        form.reason.errors = [exc.message]
        return _page(registration_id, status=exc.status, **{prefix: form})
    return _decided(done)


@bp.get("/registrations/<int:registration_id>/evidence")
def registration_evidence(registration_id: int) -> Response:
    """The evidence, under the same rules as a claim's (``claims.evidence``): an image
    in a sandbox, a PDF only ever downloaded."""
    found = registrations.evidence_file(current_account(), registration_id)
    is_pdf = found.mimetype == "application/pdf"
    response = send_file(
        found.content,
        mimetype=found.mimetype,
        download_name=found.filename,
        as_attachment=is_pdf,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
