"""Signed, expiring, single-use tokens for email verification, password reset and email change.

A token carries the account id, any extra data (the new address for an email change)
and a fingerprint of the account state it acts on: the address and its verification time
for verification, the address and password hash for a reset or an email change. Once
the action is done that state has changed, so the same token no longer matches: tokens
are single-use without any table of spent tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from directory.extensions import db
from directory.models import Account
from directory.services import ServiceError


class Purpose(StrEnum):
    VERIFY_EMAIL = "verify-email"
    RESET_PASSWORD = "reset-password"
    CHANGE_EMAIL = "change-email"


MAX_AGE_SECONDS = {
    Purpose.VERIFY_EMAIL: 3 * 24 * 3600,
    Purpose.RESET_PASSWORD: 3600,
    Purpose.CHANGE_EMAIL: 24 * 3600,
}


class InvalidToken(ServiceError):
    """Forged, expired, already used, or for another purpose: all look the same."""

    code = "invalid_token"
    status = 400


@dataclass(frozen=True)
class TokenUse:
    account: Account
    data: dict[str, Any]


def _state(purpose: Purpose, account: Account) -> str:
    if purpose is Purpose.VERIFY_EMAIL:
        verified = account.email_verified_at.isoformat() if account.email_verified_at else "-"
        return f"{account.email}|{verified}"
    # A reset is bound to the address it was mailed to as well as the password: after
    # an email change, a link sitting in the old mailbox no longer works.
    return f"{account.email}|{account.password_hash}"


def fingerprint(purpose: str, account: Account) -> str:
    """A keyed digest of the account state a token for ``purpose`` acts on."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"{purpose}|{account.id}|{_state(Purpose(purpose), account)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


class _BackdatedSigner(TimestampSigner):
    offset = 0

    def get_timestamp(self) -> int:
        return int(time.time()) - self.offset


def _serializer(purpose: Purpose, age: int = 0) -> URLSafeTimedSerializer:
    signer = type("Signer", (_BackdatedSigner,), {"offset": age})
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"directory.{purpose.value}", signer=signer
    )


def issue(purpose: Purpose, account: Account, *, age_seconds: int = 0, **data: Any) -> str:
    """Return a URL-safe token for ``account``. ``age_seconds`` backdates it (for tests)."""
    payload = {"a": account.id, "f": fingerprint(purpose, account), "d": data}
    return str(_serializer(purpose, age_seconds).dumps(payload))


def redeem(purpose: Purpose, token: str) -> TokenUse:
    """Check ``token`` and return its account and data; nothing is changed or committed.

    Raises ``InvalidToken`` if the signature is wrong, the token is older than its
    purpose allows, the account's state no longer matches (already used), or the
    account has been deactivated since the link was sent.
    """
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE_SECONDS[purpose])
        account = db.session.get(Account, int(payload["a"]))
        expected = str(payload["f"])
        data = dict(payload.get("d") or {})
    except (BadSignature, SignatureExpired, KeyError, TypeError, ValueError):
        account = None
        expected, data = "", {}
    if (
        account is None
        or not account.is_active
        or not hmac.compare_digest(expected, fingerprint(purpose, account))
    ):
        raise InvalidToken("This link is invalid, has expired or has already been used.")
    return TokenUse(account=account, data=data)
