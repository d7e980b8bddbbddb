"""The admin dashboard and the password prompt before decisions."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from directory import clock
from directory.admin import bp
from directory.admin.forms import ConfirmPasswordForm
from directory.auth.session import current_account, note_password_typed, safe_next
from directory.extensions import limiter
from directory.services import accounts
from directory.services import dashboard as dashboard_service


@bp.get("/", strict_slashes=False)  # "/admin" too, without a redirect that tells outsiders
def dashboard() -> str:
    summary = dashboard_service.summary(clock.today())
    return render_template("admin/dashboard.html", summary=summary, active="dashboard")


@bp.route("/confirm-password", methods=["GET", "POST"])
@limiter.limit("10 per 5 minutes", methods=["POST"])
def confirm_password() -> ResponseReturnValue:
    form = ConfirmPasswordForm()
    target = safe_next(request.args.get("next")) or url_for("admin.dashboard")
    if form.validate_on_submit():
        if accounts.check_password(current_account(), form.password.data or ""):
            note_password_typed()
            return redirect(target)
        form.password.errors = ["That is not your password."]
        return render_template("admin/confirm_password.html", form=form), 401
    return render_template("admin/confirm_password.html", form=form)
