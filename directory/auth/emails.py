"""The account emails: built from ``templates/auth/email/*.txt`` and sent via ``mail.deliver``.

Links are absolute URLs on ``PUBLIC_BASE_URL``, never on the request's Host.
A mail backend failure is logged, not raised: the account change has already been
committed, and the person can ask for another link (resend, reset) once mail works.
"""

from __future__ import annotations

from typing import Any

from directory.links import absolute_url
from directory.models import Account
from directory.services import mail


def _send(to: str, subject: str, template: str, **context: Any) -> None:
    mail.deliver(to, subject, f"auth/email/{template}", **context)


def verification(account: Account, token: str) -> None:
    link = absolute_url("auth.verify_email", token=token)
    _send(account.email, "Confirm your email address", "verify", link=link)


def already_registered(account: Account) -> None:
    _send(
        account.email,
        "Someone tried to sign up with your email address",
        "already_registered",
        sign_in=absolute_url("auth.sign_in"),
        reset=absolute_url("auth.reset_request"),
    )


def reset(account: Account, token: str) -> None:
    link = absolute_url("auth.reset_password", token=token)
    _send(account.email, "Reset your password", "reset", link=link)


def no_account(email: str) -> None:
    """Answer a reset request for an address without an account. Mailing in both cases
    also keeps the two answers equally slow, so timing does not tell them apart."""
    _send(
        email,
        "Password reset requested",
        "no_account",
        reset=absolute_url("auth.reset_request"),
        sign_up=absolute_url("auth.sign_up"),
    )


def password_changed(account: Account) -> None:
    reset_link = absolute_url("auth.reset_request")
    _send(account.email, "Your password was changed", "password_changed", reset=reset_link)


def email_change(new_email: str, token: str) -> None:
    link = absolute_url("auth.confirm_email_change", token=token)
    _send(new_email, "Confirm your new email address", "change_email", link=link)


def email_changed(old_email: str, new_email: str) -> None:
    _send(old_email, "Your email address was changed", "email_changed", new_email=new_email)
