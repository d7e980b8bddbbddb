"""Rate limits for sign-in, sign-up, reset, verification mail and account settings, and
the generous per-address limits on search and the API and per-account ones on claims.

The forms used before signing in are counted per client address and per submitted
email address (normalised, so "A@x.org " and "a@x.org" share a count, and an address
with no account is counted exactly like one with an account); those used signed in are
counted per account. Sign-up is the exception: it counts attempts per client address
and, per address, only the verification emails actually sent (``verification_send_wait``),
so typos and blank forms never lock anyone out. Limits can be tuned in configuration,
e.g. ``AUTH_LIMIT_SIGN_IN_EMAIL = "5 per minute;20 per hour"``. The counts live in
``RATELIMIT_STORAGE_URI``: Redis when several workers serve the site.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many

from directory.extensions import limiter
from directory.models.accounts import normalise_email

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]


def _configured(name: str) -> Callable[[], str]:
    def value() -> str:
        return str(current_app.config[f"AUTH_LIMIT_{name}"])  # defaults: config.py

    return value


def email_key() -> str:
    return "email:" + normalise_email(request.form.get("email", ""))[:254]


def account_key() -> str:
    from directory.auth.session import signed_in_account

    account = signed_in_account()
    return f"account:{account.id}" if account else f"ip:{get_remote_address()}"


def per_ip(name: str) -> Decorator[Any]:
    """Every method (searches are GETs), counted per client address."""
    return cast(Decorator[Any], limiter.limit(_configured(name)))


def by_ip(name: str) -> Decorator[Any]:
    return cast(Decorator[Any], limiter.limit(_configured(name), methods=["POST"]))


def _not_an_email() -> bool:
    """A blank or malformed address is a form error, not an attempt on anyone's account:
    counting it would let a few empty forms lock everyone out of the shared empty key."""
    value = normalise_email(request.form.get("email", ""))
    local, _, domain = value.partition("@")
    return not (local and "." in domain and len(value) <= 254)


def by_email(name: str) -> Decorator[Any]:
    return cast(
        Decorator[Any],
        limiter.limit(
            _configured(name), key_func=email_key, methods=["POST"], exempt_when=_not_an_email
        ),
    )


def link_key() -> str:
    return "link:" + str((request.view_args or {}).get("token", ""))[:512]


def by_link(name: str) -> Decorator[Any]:
    """Counted per emailed link (the token in the URL): guesses at one account's password."""
    return cast(
        Decorator[Any], limiter.limit(_configured(name), key_func=link_key, methods=["POST"])
    )


def by_account(name: str) -> Decorator[Any]:
    return cast(
        Decorator[Any], limiter.limit(_configured(name), key_func=account_key, methods=["POST"])
    )


def verification_send_wait(email: str) -> int:
    """Count one sign-up email to ``email`` against ``SIGN_UP_EMAIL``: 0 when it may be
    sent (and it is counted), else the seconds until the next one may be (not counted)."""
    if not limiter.enabled:
        return 0
    key = ("sign-up-email", normalise_email(email)[:254])
    items = parse_many(_configured("SIGN_UP_EMAIL")())
    strategy = limiter.limiter
    try:
        blocked = [item for item in items if not strategy.test(item, *key)]
        if blocked:
            resets = [strategy.get_window_stats(item, *key).reset_time for item in blocked]
            return max(1, int(max(resets) - time.time()))
        for item in items:
            strategy.hit(item, *key)
    except Exception:  # the shared store is down: the per-client limit still holds
        logging.getLogger(__name__).warning("sign-up email count unavailable", exc_info=True)
    return 0
