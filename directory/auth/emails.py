"""The account emails: built from ``templates/auth/email/*.txt`` and sent via ``mail.deliver``.

Links are absolute URLs built from the current request, so these run inside a request.
A mail backend failure is logged, not raised: the account change has already been
committed, and the person can ask for another link (resend, reset) once mail works.
"""

from __future__ import annotations

from flask import url_for

from directory.models import Account
from directory.services import mail


def _send(to: str, subject: str, template: str, **context: object) -> None:
    mail.deliver(to, subject, f"auth/email/{template}", **context)


def verification(account: Account, token: str) -> None:
    link = url_for("auth.verify_email", token=token, _external=True)
    _send(account.email, "Confirm your email address", "verify", link=link)


def already_registered(account: Account) -> None:
    _send(
        account.email,
        "Someone tried to sign up with your email address",
        "already_registered",
        sign_in=url_for("auth.sign_in", _external=True),
        reset=url_for("auth.reset_request", _external=True),
    )


def reset(account: Account, token: str) -> None:
    link = url_for("auth.reset_password", token=token, _external=True)
    _send(account.email, "Reset your password", "reset", link=link)


def no_account(email: str) -> None:
    """Answer a reset request for an address without an account. Mailing in both cases
    also keeps the two answers equally slow, so timing does not tell them apart."""
    _send(
        email,
        "Password reset requested",
        "no_account",
        reset=url_for("auth.reset_request", _external=True),
        sign_up=url_for("auth.sign_up", _external=True),
    )


def password_changed(account: Account) -> None:
    reset_link = url_for("auth.reset_request", _external=True)
    _send(account.email, "Your password was changed", "password_changed", reset=reset_link)


def email_change(new_email: str, token: str) -> None:
    link = url_for("auth.confirm_email_change", token=token, _external=True)
    _send(new_email, "Confirm your new email address", "change_email", link=link)


def email_changed(old_email: str, new_email: str) -> None:
    _send(old_email, "Your email address was changed", "email_changed", new_email=new_email)
