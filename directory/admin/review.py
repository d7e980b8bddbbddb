"""What the two review queues (credential claims, clinic registrations) do alike: the
decision forms on a review page, a decision with a reason, and the evidence file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response
from wtforms import Form

from directory.admin.forms import ClaimReasonForm
from directory.auth.session import current_account
from directory.services import ServiceError
from directory.services.evidence import EvidenceFile

# (id, admin, reason, *, seen): reject or revoke, raising ``ServiceError`` on refusal.
Decision = Callable[..., object]


# Draws a review page again: (id, status=..., problem=..., <prefix>=form).
Page = Callable[..., ResponseReturnValue]


def decision_forms(
    approve: Form, reject: ClaimReasonForm | None, revoke: ClaimReasonForm | None, seen: str
) -> dict[str, Any]:
    """The approve, reject and revoke forms for a page (new ones where None), each
    carrying ``seen``: a decision refers to the version shown on this page now."""
    forms = {
        "approve": approve,
        "reject": reject or ClaimReasonForm(prefix="reject"),
        "revoke": revoke or ClaimReasonForm(prefix="revoke"),
    }
    for form in forms.values():
        form.seen.data = seen
    return forms


def decided(done: str, queue: str) -> Response:
    """Say ``done`` and go back to the ``queue`` endpoint."""
    flash(done, "success")
    return redirect(url_for(queue))


def with_reason(
    item_id: int, prefix: str, decide: Decision, done: str, page: Page, queue: str
) -> ResponseReturnValue:
    """Reject or revoke (``prefix``) with the reason typed: on success back to ``queue``
    saying ``done``; a refusal is shown on the ``page``, on the form when it is about
    the reason (400), above it otherwise (decided meanwhile, not this admin's)."""
    form = ClaimReasonForm(prefix=prefix)
    if not form.validate_on_submit():
        return page(item_id, status=400, **{prefix: form})
    try:
        decide(item_id, current_account(), form.reason.data or "", seen=form.seen.data or "")
    except ServiceError as exc:
        if exc.status != 400:
            return page(item_id, status=exc.status, problem=exc.message)
        form.reason.errors = [exc.message]
        return page(item_id, status=exc.status, **{prefix: form})
    return decided(done, queue)


def evidence_response(found: EvidenceFile) -> Response:
    """The evidence: its type was checked from its content on upload. An image is shown
    in the browser in a sandbox, so it cannot run script on our origin. A PDF can carry
    script, and Chromium's viewer will not open a sandboxed PDF, so a PDF is only ever
    downloaded: it opens in the admin's own PDF reader, never on this site's origin."""
    response = send_file(
        found.content,
        mimetype=found.mimetype,
        download_name=found.filename,
        as_attachment=found.mimetype == "application/pdf",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
