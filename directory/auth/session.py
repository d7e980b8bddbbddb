"""Who is signed in: the Flask-Login user, session identity, and access decorators.

The session stores ``"<account id>:<fingerprint>"``, where the fingerprint is a keyed
digest of the account's password hash, email and session generation. Changing any of
them (password change or reset, email change, an admin suspending the account's
profile) makes every other session's identity stale, so those sessions end; the session
that made the change is re-issued by ``sign_in``. The session also holds a random key
recorded on the server (``services.sessions``): sign-out deletes it, and it lapses when
idle or old, so a copied cookie stops working.

``sign_in`` also notes when the password was last typed (``AUTH_AT_KEY``), so the
admin area can ask for it again before a decision (``password_is_fresh``).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Response, current_app, g, redirect, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user

from directory.extensions import db
from directory.models import Account, Role
from directory.services import sessions

F = TypeVar("F", bound=Callable[..., Any])


class SignedIn(UserMixin):
    """The Flask-Login view of an ``Account`` (the model stays free of web concerns)."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{session_fingerprint(self.account)}"

    @property
    def is_active(self) -> bool:
        return bool(self.account.is_active)


def session_fingerprint(account: Account) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = (
        f"session|{account.id}|{account.password_hash}|{account.email}|{account.session_generation}"
    ).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def load_user(user_id: str) -> SignedIn | None:
    """Flask-Login's user loader: None (signed out) unless the fingerprint still matches
    and the server still holds this browser's session (not signed out, idle or too old)."""
    raw_id, _, fingerprint = user_id.partition(":")
    if not raw_id.isdigit() or not fingerprint:
        return None
    account = db.session.get(Account, int(raw_id))
    if account is None or not account.is_active:
        return None
    if not hmac.compare_digest(fingerprint, session_fingerprint(account)):
        return None
    live, stale = sessions.is_live(account.id, session.get(SESSION_KEY))
    if not live:
        return None
    if stale:
        g.touch_session = session[SESSION_KEY]
    return SignedIn(account)


def touch_session(response: Response) -> Response:
    """After the request's own work: refresh the session's last-seen time when due."""
    key = g.pop("touch_session", None)
    if key is not None:
        sessions.touch(key)
    return response


AUTH_AT_KEY = "auth_at"
SESSION_KEY = "sid"


def sign_in(account: Account) -> None:
    """Start a fresh session for ``account``: whatever the old session held is dropped."""
    sessions.end(session.get(SESSION_KEY))
    session.clear()
    session[SESSION_KEY] = sessions.start(account)
    login_user(SignedIn(account))
    note_password_typed()


def note_password_typed() -> None:
    """Record that the signed-in person has just proved they know the password."""
    session[AUTH_AT_KEY] = int(time.time())


def password_is_fresh(max_age_seconds: int) -> bool:
    """True when the password was typed in this session within ``max_age_seconds``."""
    typed = session.get(AUTH_AT_KEY)
    return isinstance(typed, int) and 0 <= time.time() - typed <= max_age_seconds


def sign_out() -> None:
    """End the session here and on the server: a copy of the cookie opens nothing."""
    sessions.end(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def current_account() -> Account:
    """The signed-in account; only call behind ``login_required`` or the decorators below."""
    return cast(SignedIn, current_user).account


def signed_in_account() -> Account | None:
    return current_account() if current_user.is_authenticated else None


def practitioner_required(view: F) -> F:
    """Signed in, as a practitioner, with a verified email; otherwise redirect to the step."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        account = current_account()
        if account.role is Role.ADMIN:
            return redirect(url_for("admin.dashboard"))
        if account.role is not Role.PRACTITIONER:
            return redirect(url_for("auth.settings"))
        if not account.email_verified:
            return redirect(url_for("auth.unverified"))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects).

    Anything with whitespace or control characters is refused outright: browsers and
    URL parsers drop a tab or newline, so "/<tab>/evil.example" would become
    "//evil.example", another site.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ch.isspace() or not ch.isprintable() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
