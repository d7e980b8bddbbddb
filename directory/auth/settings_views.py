"""The account settings pages: change the password, change the email address (confirmed
from a link mailed to the new one). Routes of the ``auth`` blueprint.

Answers never depend on whether an address has an account: an email change always
says the link is sent.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from directory.auth import emails, limits
from directory.auth.forms import ChangeEmailForm, ChangePasswordForm
from directory.auth.session import current_account, sign_in, signed_in_account
from directory.auth.views import bp
from directory.services import account_links, accounts, tokens
from directory.services.accounts import AccountError, AddressError


@bp.get("/account/settings")
@login_required
def settings() -> ResponseReturnValue:
    return _page()


def _page(
    password_form: ChangePasswordForm | None = None,
    email_form: ChangeEmailForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The settings page: the form that came back with errors as sent, the other blank."""
    return render_template(
        "auth/settings.html",
        account=current_account(),
        password_form=ChangePasswordForm(prefix="pw", formdata=None)
        if password_form is None
        else password_form,
        email_form=ChangeEmailForm(prefix="em", formdata=None)
        if email_form is None
        else email_form,
    ), status


@bp.post("/account/settings/password")
@login_required
@limits.by_account("SETTINGS_ACCOUNT")
def change_password() -> ResponseReturnValue:
    account = current_account()
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            accounts.change_password(account, form.current.data or "", form.password.data or "")
        except AccountError as exc:
            form.current.errors = [exc.message]
        else:
            sign_in(account)  # a fresh session; every other one has now ended
            emails.password_changed(account)
            flash("Your password is changed. Other sessions have been signed out.", "success")
            return redirect(url_for("auth.settings"))
    return _page(password_form=form, status=400)


@bp.post("/account/settings/email")
@login_required
@limits.by_account("SETTINGS_ACCOUNT")
def change_email() -> ResponseReturnValue:
    account = current_account()
    form = ChangeEmailForm(prefix="em")
    if form.validate_on_submit():
        try:
            token = account_links.email_change_token(
                account, form.password.data or "", form.email.data or ""
            )
        except AccountError as exc:
            field = form.email if isinstance(exc, AddressError) else form.password
            field.errors = [exc.message]
        else:
            if token is not None:
                emails.email_change(form.email.data or "", token)
            flash(f"We have sent a confirmation link to {form.email.data}.", "success")
            return redirect(url_for("auth.settings"))
    return _page(email_form=form, status=400)


@bp.get("/account/settings/email/<token>")
def confirm_email_change(token: str) -> ResponseReturnValue:
    signed_in = signed_in_account()  # read before the change makes this session stale
    try:
        old_email = tokens.redeem(tokens.Purpose.CHANGE_EMAIL, token).account.email
        account = account_links.confirm_email_change(token)
    except tokens.InvalidToken as exc:
        return render_template("auth/bad_link.html", message=exc.message), 400
    emails.email_changed(old_email, account.email)
    if signed_in is not None and signed_in.id == account.id:
        sign_in(account)
    flash(f"Your email address is now {account.email}.", "success")
    return redirect(url_for("auth.settings"))
