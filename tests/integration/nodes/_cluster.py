"""Real nodes for the multi-node tests: each is a gunicorn app server and its own
``flask search run-indexer``, with its own index and upload folders, sharing only the
test's PostgreSQL database. Ports come from this worktree's range (8100-8119)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from factories import worker_share
from werkzeug.test import encode_multipart

REPO = Path(__file__).resolve().parents[3]
PORTS = range(8100, 8120)
SECRET = "test-secret-key-shared-by-every-node-0123456789"


def free_port() -> int:
    for port in worker_share(PORTS):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8100-8119")


class Node:
    """One node; ``start()`` launches both processes, ``stop()`` ends them."""

    def __init__(self, name: str, database_url: str, folder: Path) -> None:
        self.name, self.folder = name, folder
        self.port = 0
        self.env = os.environ | {
            "DIRECTORY_SQLALCHEMY_DATABASE_URI": database_url,
            "DIRECTORY_SECRET_KEY": SECRET,
            "DIRECTORY_SEARCH_INDEX_DIR": str(folder / "index"),
            "DIRECTORY_UPLOAD_DIR": str(folder / "uploads"),
            "DIRECTORY_FILE_STORAGE": "database",
            "DIRECTORY_SEARCH_INLINE_INDEXING": "false",
            "DIRECTORY_SEARCH_REPLICA_NAME": name,
            "DIRECTORY_WTF_CSRF_ENABLED": "false",
            "DIRECTORY_RATELIMIT_ENABLED": "false",
            "DIRECTORY_MAIL_BACKEND": "log",
        }
        self.server: subprocess.Popen[bytes] | None = None
        self.indexer: subprocess.Popen[bytes] | None = None
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def start(self) -> Node:
        self.port = free_port()
        self.server = self._spawn(
            "server",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "wsgi:app",
            ],
        )
        self.start_indexer()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/health")[1].get("checks", {}).get("search_index") == "ok":
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"node {self.name} did not become healthy; see {self.folder}")

    def start_indexer(self) -> None:
        self.indexer = self._spawn(
            "indexer",
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "directory",
                "search",
                "run-indexer",
                "--interval",
                "0.1",
            ],
        )
        # (its output has no clock; the log's order is what tells a failure's story)

    def kill_indexer(self) -> None:
        assert self.indexer is not None
        self.indexer.kill()  # SIGKILL: no chance to finish a batch
        self.indexer.wait(10)
        self.indexer = None

    def _spawn(self, role: str, args: list[str]) -> subprocess.Popen[bytes]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / f"{role}.log").open("ab") as log:
            return subprocess.Popen(
                args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def logs(self, lines: int = 15) -> str:
        """The last lines of this node's logs, for a failure message."""
        parts = []
        for role in ("indexer", "server"):
            path = self.folder / f"{role}.log"
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"--- {self.name} {role}:\n" + "\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts)

    def flask(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a ``flask`` command as this node (its own index folder)."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "directory", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def stop(self) -> None:
        for process in (self.indexer, self.server):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self.indexer = self.server = None

    def request(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        files: dict[str, tuple[bytes, str]] | None = None,
    ) -> tuple[int, bytes]:
        body, headers = None, {}
        if files is not None:
            fields: dict[str, Any] = dict(data or {})
            from io import BytesIO

            from werkzeug.datastructures import FileStorage

            for name, (content, filename) in files.items():
                fields[name] = FileStorage(BytesIO(content), filename=filename)
            boundary, body = encode_multipart(fields)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = f"http://127.0.0.1:{self.port}{path}"
        req = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read()

    def get(self, path: str) -> tuple[int, Any]:
        status, body = self.request(path)
        return status, json.loads(body)

    def found(self, words: str) -> list[str]:
        return self.search(words)[0]

    def search(self, words: str) -> tuple[list[str], bool]:
        """The slugs ``words`` find on this node, and whether the node answered from the
        database because it could not read its index (``degraded``)."""
        # Replication, not trust, is under test: include listings nobody has checked yet.
        query = urllib.parse.quote(words)
        status, body = self.get(f"/api/v1/search?q={query}&checked=any")
        assert status == 200, body
        return [hit["slug"] for hit in body["results"]], bool(body.get("degraded"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is the answer we check, not a page to follow
