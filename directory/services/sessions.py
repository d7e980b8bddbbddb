"""Server-side records of signed-in sessions: started at sign-in, ended at sign-out,
and refused once idle for ``SESSION_IDLE_SECONDS`` or older than ``SESSION_MAX_SECONDS``.

The browser's (signed) cookie holds a random key; the table holds its digest. A cookie
copied before sign-out, or kept past either lifetime, no longer opens anything.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, update

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Account, AccountSession

# Refreshing ``last_seen_at`` on every request would be a write per page view; once a
# minute is enough for an idle timeout measured in tens of minutes.
TOUCH_EVERY = timedelta(seconds=60)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (
        timedelta(seconds=int(config["SESSION_IDLE_SECONDS"])),
        timedelta(seconds=int(config["SESSION_MAX_SECONDS"])),
    )


def start(account: Account) -> str:
    """Record a new session for ``account`` and return its key (for the cookie); commits.

    Every lapsed session (anyone's) is deleted on the way, so the table only ever holds
    sessions that could still be used.
    """
    idle, longest = _limits()
    now = utcnow()
    lapsed = or_(
        AccountSession.created_at < now - longest, AccountSession.last_seen_at < now - idle
    )
    db.session.execute(delete(AccountSession).where(lapsed))
    key = secrets.token_urlsafe(32)
    db.session.add(AccountSession(account_id=account.id, key_digest=_digest(key)))
    db.session.commit()
    return key


def is_live(account_id: int, key: object) -> tuple[bool, bool]:
    """``(live, stale)``: whether the session with ``key`` is open for ``account_id``, and
    whether its last-seen time is due a refresh (``touch``). Nothing is written."""
    if not isinstance(key, str) or not key:
        return False, False
    row = db.session.execute(
        db.select(AccountSession.created_at, AccountSession.last_seen_at).where(
            AccountSession.key_digest == _digest(key), AccountSession.account_id == account_id
        )
    ).first()
    if row is None:
        return False, False
    idle, longest = _limits()
    now = utcnow()
    if row.created_at < now - longest or row.last_seen_at < now - idle:
        return False, False
    return True, row.last_seen_at < now - TOUCH_EVERY


def touch(key: str) -> None:
    """Note that the session was used now; commits."""
    db.session.execute(
        update(AccountSession)
        .where(AccountSession.key_digest == _digest(key))
        .values(last_seen_at=utcnow())
    )
    db.session.commit()


def end(key: object) -> None:
    """Forget the session with ``key`` (sign-out); commits. Unknown keys are ignored."""
    if isinstance(key, str) and key:
        db.session.execute(delete(AccountSession).where(AccountSession.key_digest == _digest(key)))
        db.session.commit()
