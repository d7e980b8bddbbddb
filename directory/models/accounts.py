"""Accounts: the people who sign in (practitioners and admins)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    ADMIN = "admin"


class Account(Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every backend.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.PRACTITIONER)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Part of every session's fingerprint: bumping it ends all of the account's sessions
    # (an admin suspends the account's profile, say).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the practitioner accepted the terms of use at sign-up (None: before we asked).
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def __repr__(self) -> str:
        return f"<Account {self.id} {self.role}>"


class AccountSession(Model):
    """One signed-in browser session, kept on the server so signing out really ends it.

    The cookie carries a random key; only its SHA-256 digest is stored, so a copy of this
    table opens no session. Deleting the row (sign-out) ends the session at once.
    """

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<AccountSession {self.id} of {self.account_id}>"


def normalise_email(value: str) -> str:
    """The one form of an address used for storage, look-ups and per-address rate limits.

    Control characters are dropped (the forms drop them too, so "vic\\x01tim@..." must
    count against the same limits as the address it signs in to), compatibility
    characters are folded (NFKC: full-width "ｖ" is "v"), then it is trimmed and
    lower-cased.
    """
    kept = "".join(ch for ch in value if unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFKC", kept).strip().lower()


def mixed_script_part(email: str) -> str | None:
    """The part of ``email`` (local part or a domain label) that mixes letters of two
    scripts, such as Latin with a Cyrillic "і" in "vіctim", or None.

    Such an address reads exactly like another person's, so it is refused."""
    local, _, domain = normalise_email(email).partition("@")
    for part in [local, *domain.split(".")]:
        scripts = {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in part if ch.isalpha()}
        if len(scripts) > 1:
            return part
    return None
