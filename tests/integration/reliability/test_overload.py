"""Overload: requests that already waited too long for a worker get a fast 503, and the
documented gunicorn settings bound the queue and give each instance its own control
socket."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from directory import create_app

from ._servers import free_port

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def client(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SEARCH_INLINE_INDEXING": False,
        }
    )
    return app.test_client()


@pytest.mark.parametrize("scale", [1, 1000, 1_000_000])
def test_a_request_that_queued_too_long_is_shed(client, scale):
    waited = time.time() - 2
    stamp = f"t={waited:.3f}" if scale == 1 else str(int(waited * scale))
    shed = client.get("/health/live", headers={"X-Request-Start": stamp})
    assert shed.status_code == 503 and shed.headers["Retry-After"] == "1"
    assert shed.get_json()["error"]["code"] == "overloaded"
    fresh = client.get("/health/live", headers={"X-Request-Start": f"t={time.time():.3f}"})
    assert fresh.status_code == 200


def test_without_the_header_or_with_nonsense_nothing_is_shed(client):
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/live", headers={"X-Request-Start": "t=soon"}).status_code == 200
    client.application.config["MAX_QUEUE_SECONDS"] = 0
    old = {"X-Request-Start": f"t={time.time() - 60:.3f}"}
    assert client.get("/health/live", headers=old).status_code == 200


def _gunicorn(tmp_path: Path, port: int, home: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_RUN_DIR": str(tmp_path),
        "HOME": str(home),
        "DIRECTORY_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DIRECTORY_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "DIRECTORY_SEARCH_INLINE_INDEXING": "false",
    }
    env.pop("XDG_RUNTIME_DIR", None)
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _live(port: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/health/live")
            return conn.getresponse().status == 200
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    return False


def test_two_instances_on_one_host_each_have_their_own_control_socket(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    ports = [free_port(range(18000, 18100)), free_port(range(18100, 18200))]
    servers = [_gunicorn(tmp_path, port, home) for port in ports]
    try:
        assert all(_live(port) for port in ports)
        sockets = sorted(p.name for p in tmp_path.glob("gunicorn-*.ctl"))
        assert sockets == [f"gunicorn-127-0-0-1-{port}.ctl" for port in sorted(ports)]
        assert not (home / ".gunicorn").exists()  # not the shared default
    finally:
        for server in servers:
            server.terminate()
            server.wait(30)


def test_the_documented_settings_bound_the_queue():
    printed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "wsgi:app"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    settings = dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in printed.splitlines())
        if value
    )
    assert settings["backlog"] == "64" and settings["timeout"] == "30"
    assert settings["worker_class"] == "sync"
