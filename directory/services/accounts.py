"""Accounts: creation, password hashing (argon2id, memory-hard) and rules, sign-in and
password changes. What a mailed link does (confirm the address, reset the password,
move to a new address) is ``account_links``.

Functions that change an account commit and audit; none of them reveal, by result or by
error, whether some other address has an account. Mail is the caller's job: functions
that need a message sent return the token to put in it.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, Role
from directory.models.accounts import mixed_script_part, normalise_email
from directory.services import ServiceError, audit, passwords

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200


class AccountError(ServiceError):
    code = "invalid_account"


def hasher() -> PasswordHasher:
    """The current app's Argon2id hasher, from the ``PASSWORD_HASH_PROFILE`` setting
    (a profile name in ``argon2.profiles``; ``configure`` resolves the default)."""
    return _hasher_for(current_app.config["PASSWORD_HASH_PROFILE"])


@cache
def _hasher_for(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(getattr(profiles, profile))


class AddressError(AccountError):
    """The email address itself is refused (the form shows it on the address field)."""


def check_address(email: str) -> None:
    """Raise ``AddressError`` for an address that mixes scripts to look like another."""
    if mixed_script_part(email) is not None:
        raise AddressError(
            "That address mixes letters from different alphabets (such as a Cyrillic "
            "letter among Latin ones). Type it using one alphabet."
        )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def check_password(account: Account, password: str) -> bool:
    """True when ``password`` matches; rehashes in place if the parameters have changed."""
    try:
        hasher().verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher().check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return True


def find_by_email(email: str) -> Account | None:
    return db.session.scalar(db.select(Account).filter_by(email=normalise_email(email)))


def create_admin(email: str, password: str) -> Account:
    """Create a verified admin account and commit. Raises ``AccountError``."""
    if "@" not in email or len(email) > 254:
        raise AccountError(f"'{email}' is not an email address.")
    check_address(email)
    validate_password(password, email)
    if find_by_email(email) is not None:
        raise AccountError(f"An account for {normalise_email(email)} already exists.")
    account = Account(
        email=email,
        password_hash=hash_password(password),
        role=Role.ADMIN,
        email_verified_at=utcnow(),
    )
    db.session.add(account)
    db.session.flush()
    audit.record("account.create_admin", "account", account.id, after={"email": account.email})
    db.session.commit()
    return account


def validate_password(password: str, email: str = "") -> None:
    """Raise ``AccountError`` unless ``password`` is acceptable for a new or changed password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Use a password of at most {MAX_PASSWORD_LENGTH} characters.")
    if email and password.strip().lower() == normalise_email(email):
        raise AccountError("Your password must not be your email address.")
    if passwords.too_guessable(password, email):
        raise AccountError(
            "That password is too easy to guess: it is a common or leaked password, or "
            "close to one. Try three or four unrelated words."
        )


def sign_up(email: str, password: str, accepted_terms: bool = False) -> tuple[Account, bool]:
    """Create an unverified practitioner account and commit; ``accepted_terms`` records
    now as when the terms of use were accepted.

    Returns ``(account, created)``. When the address already has an account nothing is
    changed and ``(existing, False)`` is returned, so the caller can answer exactly as
    for a new account (and tell the owner of the address by email instead).
    Raises ``AccountError`` for an unacceptable password.
    """
    check_address(email)
    validate_password(password, email)
    # Hashed even for a taken address, so the answer takes as long either way.
    password_hash = hash_password(password)
    existing = find_by_email(email)
    if existing is not None:
        return existing, False
    account = Account(
        email=email,
        password_hash=password_hash,
        role=Role.PRACTITIONER,
        terms_accepted_at=utcnow() if accepted_terms else None,
    )
    db.session.add(account)
    db.session.flush()
    audit.record(
        "account.sign_up",
        "account",
        account.id,
        actor=account,
        after={"email": account.email, "terms_accepted": accepted_terms},
    )
    db.session.commit()
    return account, True


# One per hashing profile, so an unknown address costs what a known one does.
_dummy_hashes: dict[str, str] = {}


def authenticate(email: str, password: str) -> Account | None:
    """Return the active account these credentials open, or None; commits the login time.

    An unknown address costs the same hashing work as a wrong password, so timing does
    not reveal which addresses have accounts.
    """
    account = find_by_email(email)
    if account is None:
        profile = current_app.config["PASSWORD_HASH_PROFILE"]
        if profile not in _dummy_hashes:
            _dummy_hashes[profile] = hash_password("not-a-real-password")
        try:
            hasher().verify(_dummy_hashes[profile], password)
        except VerificationError:
            pass
        return None
    if not check_password(account, password) or not account.is_active:
        return None
    account.last_login_at = utcnow()
    db.session.commit()
    return account


def change_password(account: Account, current: str, new: str) -> None:
    """Change the password after checking the current one; commits.

    Raises ``AccountError`` when ``current`` is wrong or ``new`` unacceptable.
    """
    if not check_password(account, current):
        raise AccountError("Your current password is not right.")
    validate_password(new, account.email)
    set_password(account, new, "account.change_password")
    db.session.commit()


def set_password(account: Account, password: str, action: str) -> None:
    """Hash and store ``password`` and audit it as ``action`` (not committed)."""
    account.password_hash = hash_password(password)
    # Never the hashes themselves: the log only says that the password changed.
    audit.record(
        action,
        "account",
        account.id,
        actor=account,
        before={"password": "previous"},
        after={"password": "changed"},
    )
