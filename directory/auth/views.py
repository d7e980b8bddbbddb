"""Sign-up, email verification, sign-in and out, password reset, email and password change.

Answers never depend on whether an address has an account: sign-up, reset and email
change always say "check your email", and a failed sign-in always says the same thing.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from werkzeug.wrappers import Response

from directory.auth import emails, limits
from directory.auth.forms import (
    ButtonForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmEmailForm,
    Form,
    ResetForm,
    ResetRequestForm,
    SignInForm,
    SignUpForm,
)
from directory.auth.session import (
    current_account,
    safe_next,
    sign_in,
    sign_out,
    signed_in_account,
)
from directory.services import account_links, accounts, tokens
from directory.services.accounts import AccountError, AddressError

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "That email address and password do not match an account."


def _status(form: Form) -> int:
    """400 for a form that came back with errors, 200 for a fresh one."""
    return 400 if form.errors else 200


@bp.route("/sign-up", methods=["GET", "POST"])
@limits.by_ip("SIGN_UP_IP")
def sign_up() -> ResponseReturnValue:
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            accounts.validate_password(form.password.data or "", form.email.data or "")
        except AccountError as exc:
            form.password.errors = [exc.message]
            return render_template("auth/sign_up.html", form=form), 400
        # Counted only now: a typo or a blank form never uses up an address's emails.
        if wait := limits.verification_send_wait(form.email.data or ""):
            return (
                render_template("auth/sign_up_wait.html", email=form.email.data, wait=wait),
                429,
                {"Retry-After": str(wait)},
            )
        try:
            account, created = accounts.sign_up(
                form.email.data or "", form.password.data or "", accepted_terms=True
            )
        except AccountError as exc:
            field = form.email if isinstance(exc, AddressError) else form.password
            field.errors = [exc.message]
        else:
            if created:
                emails.verification(account, account_links.verification_token(account))
            else:
                emails.already_registered(account)
            return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/sign_up.html", form=form), _status(form)


@bp.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
@limits.by_ip("SIGN_IN_IP")
@limits.by_email("SIGN_IN_EMAIL")
def sign_in_view() -> ResponseReturnValue:
    form = SignInForm()
    if form.validate_on_submit():
        account = accounts.authenticate(form.email.data or "", form.password.data or "")
        if account is not None:
            sign_in(account)
            return redirect(safe_next(request.args.get("next")) or url_for("account.dashboard"))
        form.password.errors = [SIGN_IN_FAILED]
        return render_template("auth/sign_in.html", form=form), 401
    return render_template("auth/sign_in.html", form=form), _status(form)


@bp.post("/sign-out", endpoint="sign_out")
def sign_out_view() -> Response:
    sign_out()
    flash("You are signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
@limits.by_ip("SIGN_IN_IP")
@limits.by_link("SIGN_IN_EMAIL")
def verify_email(token: str) -> ResponseReturnValue:
    try:
        pending = tokens.redeem(tokens.Purpose.VERIFY_EMAIL, token).account
    except tokens.InvalidToken as exc:
        return render_template("auth/bad_link.html", message=exc.message), 400
    signed_in = signed_in_account()
    form = ConfirmEmailForm()
    if (signed_in is not None and signed_in.id == pending.id) or form.validate_on_submit():
        try:
            account = account_links.verify_email(token, form.password.data, signed_in)
        except AccountError as exc:
            form.password.errors = [exc.message]
        else:
            sign_in(account)
            flash("Thank you: your email address is confirmed.", "success")
            return redirect(url_for("account.dashboard"))
    page = render_template("auth/confirm_email.html", form=form, email=pending.email)
    return page, _status(form)


@bp.get("/verify-email")
@login_required
def unverified() -> ResponseReturnValue:
    if current_account().email_verified:
        return redirect(url_for("account.dashboard"))
    return render_template("auth/unverified.html", form=ButtonForm())


@bp.post("/verify-email/resend")
@login_required
@limits.by_account("RESEND_ACCOUNT")
def resend_verification() -> Response:
    account = current_account()
    if ButtonForm().validate_on_submit() and not account.email_verified:
        emails.verification(account, account_links.verification_token(account))
        flash(f"We have sent a new link to {account.email}.", "success")
    return redirect(url_for("auth.unverified"))


@bp.route("/reset-password", methods=["GET", "POST"])
@limits.by_ip("RESET_IP")
@limits.by_email("RESET_EMAIL")
def reset_request() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        found = account_links.reset_token(form.email.data or "")
        if found is not None:
            emails.reset(*found)
        else:
            emails.no_account(form.email.data or "")
        return render_template("auth/check_email.html", email=form.email.data, reset=True)
    return render_template("auth/reset_request.html", form=form), _status(form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limits.by_ip("RESET_IP")
def reset_password(token: str) -> ResponseReturnValue:
    try:
        tokens.redeem(tokens.Purpose.RESET_PASSWORD, token)
    except tokens.InvalidToken as exc:
        return render_template("auth/bad_link.html", message=exc.message), 400
    form = ResetForm()
    if form.validate_on_submit():
        try:
            account = account_links.reset_password(token, form.password.data or "")
        except AccountError as exc:
            form.password.errors = [exc.message]
        else:
            sign_out()
            emails.password_changed(account)
            flash("Your password is changed. Please sign in with it.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form), _status(form)


@bp.get("/account/settings")
@login_required
def settings() -> str:
    return render_template(
        "auth/settings.html",
        account=current_account(),
        password_form=ChangePasswordForm(prefix="pw"),
        email_form=ChangeEmailForm(prefix="em"),
    )


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
    email_form = ChangeEmailForm(prefix="em", formdata=None)
    return render_template(
        "auth/settings.html", account=account, password_form=form, email_form=email_form
    ), 400


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
    password_form = ChangePasswordForm(prefix="pw", formdata=None)
    return render_template(
        "auth/settings.html", account=account, password_form=password_form, email_form=form
    ), 400


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
