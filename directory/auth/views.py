"""Sign-up, email verification, sign-in and out, and password reset; the settings pages
(password and email change) are ``settings_views``.

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
