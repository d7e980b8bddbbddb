"""Second, disposable database servers that a test may stop, start or freeze.

The shared PostgreSQL serves every developer's tests and must never be stopped, so an
outage test gets its own server on a port of ours (5442-5449), initialised once per
test session under a temporary folder. PostgreSQL refuses to run as root, so as root
the commands run as the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from factories import worker_share

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORTS = range(5442, 5450)


def free_port(ports: range) -> int:
    for port in worker_share(ports):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {ports.start}-{ports.stop - 1} for a second server")


class SparePostgres:
    """A PostgreSQL cluster of our own: ``stop``/``start`` make an outage, ``freeze``/
    ``thaw`` a hung server (every process SIGSTOPped, so connections stay open and
    the kernel still accepts packets, but nothing answers)."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            pytest.skip(f"PostgreSQL binaries not found in {PG_BIN}")
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres and not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        self.folder = Path(tempfile.mkdtemp(prefix="directory-spare-pg-"))
        self.data = self.folder / "data"
        self.port = free_port(PG_PORTS)
        self.running = self.frozen = False
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        if self.running:
            return
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False

    def _pids(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def freeze(self) -> None:
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen:
            for pid in self._pids():
                os.kill(pid, signal.SIGCONT)
            self.frozen = False

    def remove(self) -> None:
        try:
            self.thaw()
            self.stop()
        except (OSError, subprocess.CalledProcessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
