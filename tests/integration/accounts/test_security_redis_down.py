"""Redis down: rate-limited routes keep working on per-worker memory counts, with a
logged warning, and go back to Redis once it is back. Runs against a second, private
redis-server on port 6391 that the test stops and starts."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest
import redis
from factories import worker_share
from flask import Flask

from ._support import PASSWORD

PORT = worker_share(range(6391, 6399))[0]
URI = f"redis://127.0.0.1:{PORT}"


def _start() -> None:
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
        ],
        check=True,
        capture_output=True,
    )
    for _ in range(100):
        try:
            redis.Redis.from_url(URI).ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not start on {PORT}")


def _stop() -> None:
    try:
        redis.Redis.from_url(URI).shutdown(nosave=True)
    except redis.ConnectionError:
        pass  # the shutdown closes the connection it came on
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", PORT)) != 0:
                return
        time.sleep(0.05)


@pytest.fixture
def own_redis() -> Iterator[None]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.skip(f"port {PORT} is already in use")
    _start()
    try:
        yield
    finally:
        _stop()


@pytest.fixture
def limited(make_app: Callable[..., Flask], own_redis: None) -> Iterator[Flask]:
    yield make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=URI)
    make_app(RATELIMIT_ENABLED=False)  # the limiter is shared: leave it off, as others expect


def _sign_in(client, password: str, i: int = 0):  # type: ignore[no-untyped-def]
    return client.post(
        "/sign-in",
        data={"email": "amira@example.org", "password": password},
        environ_base={"REMOTE_ADDR": f"10.7.0.{i}"},
    )


def test_sign_in_keeps_working_and_limited_while_redis_is_down(limited, capsys):
    client = limited.test_client()
    data = {"email": "amira@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    assert client.post("/sign-up", data=data).status_code == 200
    assert _sign_in(client, "wrong password 1").status_code == 401
    assert redis.Redis.from_url(URI).dbsize() > 0  # counting in Redis

    _stop()
    assert _sign_in(client, PASSWORD).status_code == 302  # not a 500
    client.post("/sign-out")
    codes = [_sign_in(client, f"wrong password {i}", i).status_code for i in range(6)]
    assert codes[:4] == [401] * 4 and 429 in codes, codes  # still limited, from memory
    err = capsys.readouterr().err
    warnings = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(
        w["level"] == "WARNING" and "falling back to in-memory" in str(w["message"])
        for w in warnings
    ), warnings

    _start()
    # The limiter looks at Redis again after a growing back-off (1, 2, 4... seconds).
    deadline, back, i = time.monotonic() + 30, False, 0
    while not back and time.monotonic() < deadline:
        i += 1
        email = f"poll{i}@example.org"
        answer = client.post(
            "/sign-in",
            data={"email": email, "password": "x" * 12},
            environ_base={"REMOTE_ADDR": f"10.8.0.{i % 250}"},
        )
        assert answer.status_code == 401
        keys = [k.decode() for k in redis.Redis.from_url(URI).keys("*")]
        back = any(email in k for k in keys)
        time.sleep(0.25)
    assert back, "the limiter never went back to Redis"
