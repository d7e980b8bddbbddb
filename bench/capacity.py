"""Capacity figures for ``http_bench.py --capacity``: CPU per request in the gunicorn
workers, and the highest request rate held with p95 under 300 ms.

CPU: the workers' user + system time (``/proc/<pid>/stat``) before and after a fixed
number of requests of one type, divided by that number. Throughput: the same mix as
the outside load test (search pages, API searches, profile pages, in turn) from more
and more client connections; each step runs for a fixed time and the best step whose
p95 stays under the limit with no error is the figure. The client runs on the same
machine and takes CPU too, equally for every code version measured: ``wrk`` when it is
installed (``apt-get install wrk``; see ``wrk_client``), else threads of Python's
``http.client``, which cost about as much CPU as the workers and so cap the figure.

``--baseline REF`` measures the code at git ``REF`` (exported with ``git archive``
into the scratch folder, its own database and index) in the same run, so the two
columns are comparable.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
P95_LIMIT_MS = 300.0
STEP_SECONDS = 6.0
STEPS = (2, 4, 6, 8, 12, 16, 24, 32)
CPU_REQUESTS = 300
TICKS = os.sysconf("SC_CLK_TCK")


def export_tree(repo: Path, ref: str, folder: Path) -> Path:
    """The code at ``ref``, unpacked into ``folder`` (no worktree registered)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", ref], cwd=repo, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / TICKS


def _get(path: str, port: int) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def cpu_per_request(master: int, port: int, path: str, count: int = CPU_REQUESTS) -> float:
    """Worker CPU milliseconds per request of ``path`` (two client threads)."""
    pids = worker_pids(master)
    before = cpu_seconds(pids)
    shares = [count // 2, count - count // 2]
    threads = [
        threading.Thread(target=lambda n=n: [_get(path, port) for _ in range(n)]) for n in shares
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (cpu_seconds(pids) - before) * 1000 / count


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def load_step(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads sending the mix back to back for ``seconds``."""
    samples: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            sample = _get(paths[i % len(paths)], port)
            i += 1
            with lock:
                samples.append(sample)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = [ms for _, ms in samples]
    return {
        "clients": clients,
        "requests_per_second": round(len(samples) / wall, 1),
        "p50_ms": round(_pct(latencies, 50), 1),
        "p95_ms": round(_pct(latencies, 95), 1),
        "errors": sum(1 for status, _ in samples if status != 200),
    }


def client_name() -> str:
    """Which load generator ``sustained`` uses: ``wrk`` if installed, unless
    ``BENCH_CLIENT=python`` asks for the Python one."""
    import wrk_client

    wanted = os.environ.get("BENCH_CLIENT", "wrk")
    return "wrk" if wanted == "wrk" and wrk_client.available() else "python"


def sustained(port: int, paths: list[str], seconds: float = STEP_SECONDS) -> dict[str, object]:
    """The best step with p95 under the limit and no errors, and every step measured."""
    return sustained_side_by_side({"": (port, paths)}, seconds)[""]


def sustained_side_by_side(
    servers: dict[str, tuple[int, list[str]]], seconds: float = STEP_SECONDS
) -> dict[str, dict[str, object]]:
    """``sustained`` for several servers (name: port and paths), each load step run on
    every server in turn; a server well past its knee takes no more steps."""
    import wrk_client

    step_with = wrk_client.load_step if client_name() == "wrk" else load_step
    steps: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
    for clients in STEPS:
        for name, (port, paths) in servers.items():
            if steps[name] and steps[name][-1]["p95_ms"] > P95_LIMIT_MS * 1.5:
                continue
            step = step_with(port, paths, clients, seconds)
            steps[name].append(step)
            print(
                f"    {name:>12} {clients:3} clients: {step['requests_per_second']:7} req/s, "
                f"p95 {step['p95_ms']} ms, {step['errors']} errors",
                flush=True,
            )
    out: dict[str, dict[str, object]] = {}
    for name, taken in steps.items():
        held = [s for s in taken if s["p95_ms"] < P95_LIMIT_MS and not s["errors"]]
        best = max(held, key=lambda s: s["requests_per_second"]) if held else None
        out[name] = {"held": best, "steps": taken}
    return out
