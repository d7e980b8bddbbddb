"""Rate limits (memory and Redis stores), on apps built with the limiter switched on."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from ._support import PASSWORD

REDIS_URI = "redis://127.0.0.1:6379"


@pytest.fixture
def restore_limiter(make_app: Callable[..., Flask]) -> Iterator[None]:
    """The limiter is one shared object: leave it as the other tests expect it, off."""
    yield
    make_app(RATELIMIT_ENABLED=False)


@pytest.fixture
def limited(make_app: Callable[..., Flask], restore_limiter: None) -> Flask:
    return make_app(RATELIMIT_ENABLED=True)


def _sign_in(client, email: str, i: int):  # type: ignore[no-untyped-def]
    return client.post(
        "/sign-in",
        data={"email": email, "password": f"guess {i:02d} xxxxx"},
        environ_base={"REMOTE_ADDR": f"10.0.{i // 250}.{i % 250}"},
    )


def test_burst_of_wrong_passwords_is_stopped_for_real_and_unknown_accounts(limited):
    client = limited.test_client()
    client.post(
        "/sign-up",
        data={
            "email": "amira@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "terms": "y",
        },
    )
    answers = {}
    for email in ("amira@example.org", "ghost@example.org"):
        responses = [_sign_in(client, email, i) for i in range(7)]
        codes = [r.status_code for r in responses]
        assert codes[:5] == [401] * 5 and codes[5:] == [429, 429], (email, codes)
        # The page states the wait, which ticks down between the two bursts.
        answers[email] = re.sub(
            r'id="retry-after">[^<]*<', "WAIT<", responses[-1].text.replace(email, "E")
        )
    # A real account and a made-up one are stopped alike, with the same page.
    assert answers["amira@example.org"] == answers["ghost@example.org"]
    # Even the right password waits out the limit, and the page says nothing more.
    blocked = client.post("/sign-in", data={"email": "AMIRA@example.org ", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "amira" not in blocked.text.lower()


def test_sign_in_is_limited_per_address_too(limited):
    client = limited.test_client()
    limited.config["AUTH_LIMIT_SIGN_IN_IP"] = "3 per minute"
    codes = [
        client.post(
            "/sign-in", data={"email": f"u{i}@example.org", "password": "x" * 12}
        ).status_code
        for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_reset_and_sign_up_are_limited_per_email(limited):
    client = limited.test_client()
    for i in range(3):
        assert (
            client.post(
                "/reset-password",
                data={"email": "jo@example.org"},
                environ_base={"REMOTE_ADDR": f"10.1.0.{i}"},
            ).status_code
            == 200
        )
    assert (
        client.post(
            "/reset-password",
            data={"email": "jo@example.org"},
            environ_base={"REMOTE_ADDR": "10.1.0.9"},
        ).status_code
        == 429
    )
    data = {"email": "new@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    codes = [
        client.post("/sign-up", data=data, environ_base={"REMOTE_ADDR": f"10.2.0.{i}"}).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_resending_the_verification_link_is_limited_per_account(limited):
    client = limited.test_client()
    client.post(
        "/sign-up",
        data={"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
    )
    client.post("/sign-in", data={"email": "jo@example.org", "password": PASSWORD})
    responses = [client.post("/verify-email/resend") for _ in range(4)]
    assert [r.status_code for r in responses] == [302, 302, 302, 429]
    assert responses[0].headers["Location"].endswith("/verify-email")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URI}: {exc}")


def test_workers_share_their_counts_through_redis(make_app, restore_limiter):
    """Two workers (two apps, each with its own Redis connection) count together: the
    second one refuses the sixth attempt although it only saw one. With the memory store
    the second worker would have started from zero."""
    import redis

    _redis_or_skip()
    prefix = f"fap-test-{secrets.token_hex(4)}"
    config = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URI,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    try:
        first = make_app(**config).test_client()
        codes = [_sign_in(first, "ghost@example.org", i).status_code for i in range(5)]
        second = make_app(**config).test_client()
        codes.append(_sign_in(second, "ghost@example.org", 5).status_code)
        assert codes == [401] * 5 + [429]
    finally:
        store = redis.Redis.from_url(REDIS_URI)
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)


def test_guessing_the_current_password_in_settings_is_limited(limited):
    client = limited.test_client()
    client.post(
        "/sign-up",
        data={"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
    )
    client.post("/sign-in", data={"email": "jo@example.org", "password": PASSWORD})
    limited.config["AUTH_LIMIT_SETTINGS_ACCOUNT"] = "3 per hour"
    new = {"pw-password": "x" * 14, "pw-confirm": "x" * 14}
    guesses = [
        client.post(
            "/account/settings/password", data=new | {"pw-current": f"guess {i} xxxxxxx"}
        ).status_code
        for i in range(4)
    ]
    assert guesses == [400, 400, 400, 429]
