"""Enquiries the public sent through the practitioner's profile, and the on/off switch."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from directory.account import bp
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account, practitioner_required
from directory.services import enquiries, ownership


@bp.post("/enquiries")
@practitioner_required
def enquiries_switch() -> Response:
    """Turn the public "Send a message" form on (``accept`` ticked) or off."""
    if ButtonForm().validate_on_submit():
        account = current_account()
        on = bool(request.form.get("accept"))
        enquiries.set_accepting(account, ownership.profile_of(account), on)
        flash(
            "People can send you messages through your profile."
            if on
            else "Your profile no longer shows a message form.",
            "success",
        )
    return redirect(url_for("account.dashboard") + "#enquiries")
