"""What the links we mail about an account do: confirm its address, reset its password,
move it to a new address. Each token is single-use and short-lived (``tokens``).

Functions that change an account commit and audit; none of them reveal, by result or by
error, whether some other address has an account. Mail is the caller's job: functions
that need a message sent return the token to put in it.
"""

from __future__ import annotations

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account
from directory.models.accounts import normalise_email
from directory.services import audit, tokens
from directory.services.accounts import (
    AccountError,
    check_address,
    check_password,
    find_by_email,
    set_password,
    validate_password,
)
from directory.services.tokens import Purpose


def verification_token(account: Account) -> str:
    return tokens.issue(Purpose.VERIFY_EMAIL, account)


def verify_email(token: str, password: str | None, signed_in: Account | None) -> Account:
    """Mark the token's address verified and commit. Raises ``InvalidToken``, ``AccountError``.

    The link alone is not enough: whoever confirms must also prove they know the
    account's password (typed now, or by being signed in to that account). Otherwise
    someone could sign up with another person's address, wait for them to click
    "confirm", and sign in to a verified account with the password they chose.
    """
    account = tokens.redeem(Purpose.VERIFY_EMAIL, token).account
    proven = signed_in is not None and signed_in.id == account.id
    if not proven and not (password and check_password(account, password)):
        raise AccountError(
            "That is not the password of this account. If you did not create it, "
            "reset its password instead: that also confirms your address."
        )
    account.email_verified_at = utcnow()
    audit.record(
        "account.verify_email",
        "account",
        account.id,
        actor=account,
        before={"email_verified": False},
        after={"email_verified": True},
    )
    db.session.commit()
    return account


def reset_token(email: str) -> tuple[Account, str] | None:
    """Return the account and a reset token for ``email``, or None if there is none."""
    account = find_by_email(email)
    if account is None or not account.is_active:
        return None
    return account, tokens.issue(Purpose.RESET_PASSWORD, account)


def reset_password(token: str, password: str) -> Account:
    """Set a new password from a reset token and commit; the token then stops working,
    as do every session and every other reset link. Raises ``InvalidToken``, ``AccountError``.
    """
    account = tokens.redeem(Purpose.RESET_PASSWORD, token).account
    validate_password(password, account.email)
    set_password(account, password, "account.reset_password")
    if account.email_verified_at is None:
        # Following a link mailed to the address proves the address.
        account.email_verified_at = utcnow()
    db.session.commit()
    return account


def email_change_token(account: Account, password: str, new_email: str) -> str | None:
    """Check the password and return a token to mail to ``new_email``; nothing is changed.

    Returns None when the new address already has an account (the caller answers as if
    it had sent the link). Raises ``AccountError`` for a wrong password or the same address.
    """
    if not check_password(account, password):
        raise AccountError("Your password is not right.")
    wanted = normalise_email(new_email)
    check_address(wanted)
    if wanted == account.email:
        raise AccountError("That is already your email address.")
    if find_by_email(wanted) is not None:
        return None
    return tokens.issue(Purpose.CHANGE_EMAIL, account, email=wanted)


def confirm_email_change(token: str) -> Account:
    """Move the account to the address in the token, marked verified; commits.

    Raises ``InvalidToken`` (also when the address has been taken in the meantime).
    """
    use = tokens.redeem(Purpose.CHANGE_EMAIL, token)
    account, wanted = use.account, str(use.data.get("email", ""))
    if not wanted or find_by_email(wanted) is not None:
        raise tokens.InvalidToken("This link is invalid, has expired or has already been used.")
    before = {"email": account.email}
    account.email = wanted
    account.email_verified_at = utcnow()
    audit.record(
        "account.change_email",
        "account",
        account.id,
        actor=account,
        before=before,
        after={"email": account.email},
    )
    db.session.commit()
    return account
