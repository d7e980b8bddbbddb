"""The practitioner's data rights: download everything held about them, delete the account."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from directory.account import bp
from directory.auth.forms import DeleteAccountForm
from directory.auth.limits import by_account
from directory.auth.session import current_account, practitioner_required, sign_out
from directory.dbtypes import utcnow
from directory.services import data_export, erasure, retention
from directory.services.ownership import profile_of


def _page(form: DeleteAccountForm, status: int = 200) -> tuple[str, int]:
    account = current_account()
    return render_template(
        "account/your_data.html",
        account=account,
        practitioner=profile_of(account),
        form=form,
        keep=retention.periods(),
        active_nav="settings",
    ), status


@bp.get("/data")
@practitioner_required
def your_data() -> ResponseReturnValue:
    return _page(DeleteAccountForm())


@bp.get("/data/export")
@practitioner_required
def export_data() -> Response:
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(
        data_export.export(current_account()),
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="my-data-{stamp}.zip"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.post("/delete")
@practitioner_required
@by_account("SETTINGS_ACCOUNT")
def delete_account() -> ResponseReturnValue:
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        erasure.delete_account(current_account(), form.password.data or "")
    except erasure.WrongPassword as exc:
        form.password.errors = [exc.message]
        return _page(form, 400)
    sign_out()
    flash("Your account is deleted, and your listing is no longer on the site.", "success")
    return redirect(url_for("public.home"))
