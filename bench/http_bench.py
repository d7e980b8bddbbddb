"""HTTP benchmark of the public site and API, served by gunicorn on loopback.

    .venv/bin/python bench/http_bench.py [--requests 200] [--workers 2] [--threads 4]

It builds a scratch instance (database with the demo data, search index) in a temporary
folder with ``flask setup``, starts ``gunicorn wsgi:app`` on a free 127.0.0.1 port,
and sends a bounded number of GET requests per scenario with the standard library's
``http.client`` over keep-alive connections: first one at a time (latency), then from a
few threads at once (throughput). Every response's ``Server-Timing`` header splits the
server's time into ``find`` (the finder service) and ``app`` (the whole view including
rendering), so page time can be compared with the search benchmark's budget.

Results print as a table and are saved to ``bench/results/http_bench-<time>.json``.
Only loopback is ever contacted; gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MAX_REQUESTS = 2000  # per scenario and phase, whatever is asked
DEADLINE_SECONDS = 600  # the whole run stops sending after this

SCENARIOS: list[tuple[str, str]] = [
    ("home", "/"),
    (
        "search page: postcode + treatment",
        "/search?" + urlencode({"location": "SW1A 1AA", "treatment": "mesotherapy", "radius": 10}),
    ),
    (
        "search page: town",
        "/search?" + urlencode({"location": "Leeds", "treatment": "mesotherapy", "radius": 25}),
    ),
    (
        "search page: words",
        "/search?" + urlencode({"location": "Manchester", "q": "botox", "radius": 50}),
    ),
    (
        "search page: widened",
        "/search?" + urlencode({"location": "KW1", "treatment": "mesotherapy", "radius": 1}),
    ),
    ("search page: everyone", "/search"),
    (
        "api search: postcode + treatment",
        "/api/v1/search?"
        + urlencode({"location": "SW1A 1AA", "treatment": "mesotherapy", "radius": 10}),
    ),
    ("treatment guide", "/treatments/mesotherapy"),
]
_TIMING = re.compile(r"([\w-]+);dur=([\d.]+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def scratch_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DIRECTORY_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "DIRECTORY_SEARCH_INDEX_DIR": str(folder / "index"),
            "DIRECTORY_UPLOAD_DIR": str(folder / "uploads"),
            "DIRECTORY_MAIL_BACKEND": "log",
            "DIRECTORY_SECRET_KEY": secrets.token_hex(32),
            "DIRECTORY_RATELIMIT_ENABLED": "false",
            "DIRECTORY_GEOCODER_ONLINE": "null",
        }
    )
    return env


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    app_spec = os.environ.get("BENCH_WSGI", "wsgi:app")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
        app_spec,
    ]
    return subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)


def wait_ready(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/treatments")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("gunicorn did not answer within a minute")


def timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[int, float, dict[str, float]]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "text/html,application/json"})
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    metrics = {k: float(v) for k, v in _TIMING.findall(response.getheader("Server-Timing") or "")}
    return response.status, elapsed, metrics


def run_phase(port: int, path: str, count: int, threads: int, stop_at: float) -> dict[str, object]:
    """Send ``count`` requests from ``threads`` keep-alive connections; summarise them."""
    samples: list[tuple[int, float, dict[str, float]]] = []
    lock = threading.Lock()
    shares = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            for _ in range(n):
                if time.monotonic() > stop_at:
                    return
                sample = timed_get(conn, path)
                with lock:
                    samples.append(sample)
        finally:
            conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in shares]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    return summarise(samples, wall)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summarise(samples: list[tuple[int, float, dict[str, float]]], wall: float) -> dict[str, object]:
    client = [s[1] for s in samples]
    app = [s[2]["app"] for s in samples if "app" in s[2]]
    find = [s[2]["find"] for s in samples if "find" in s[2]]
    render = [s[2]["app"] - s[2].get("find", 0.0) for s in samples if "app" in s[2]]
    return {
        "requests": len(samples),
        "statuses": sorted({s[0] for s in samples}),
        "requests_per_second": round(len(samples) / wall, 1) if wall else None,
        "client_ms": {
            "p50": pct(client, 50),
            "p95": pct(client, 95),
            "max": max(client, default=0.0),
        },
        "server_app_ms": {"p50": pct(app, 50), "p95": pct(app, 95)},
        "server_find_ms": {"p50": pct(find, 50), "p95": pct(find, 95)} if find else None,
        "server_other_ms": {"p50": pct(render, 50), "p95": pct(render, 95)},
        "mean_client_ms": statistics.fmean(client) if client else None,
    }


def first_profile_path(port: int) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/api/v1/search?" + urlencode({"location": "SW1A 1AA", "per_page": 1}))
    data = json.loads(conn.getresponse().read())
    url = data["results"][0]["url"]
    return "/" + url.split("/", 3)[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per scenario and phase")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="client threads for throughput")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    count = max(1, min(args.requests, MAX_REQUESTS))

    folder = Path(tempfile.mkdtemp(prefix="fap-http-bench-"))
    env = scratch_env(folder)
    print(f"Setting up a scratch instance in {folder} ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "directory", "setup"],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    server = start_server(env, port, args.workers)
    report: dict[str, object] = {
        "requests_per_phase": count,
        "workers": args.workers,
        "threads": args.threads,
    }
    try:
        wait_ready(port)
        scenarios = SCENARIOS + [("profile", first_profile_path(port))]
        stop_at = time.monotonic() + DEADLINE_SECONDS
        results = {}
        for name, path in scenarios:
            run_phase(port, path, min(20, count), 1, stop_at)  # warm every worker's caches
            results[name] = {
                "path": path,
                "sequential": run_phase(port, path, count, 1, stop_at),
                "concurrent": run_phase(port, path, count, args.threads, stop_at),
            }
        report["scenarios"] = results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(folder)], check=False)
    print_table(report)
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"http_bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nSaved {path.relative_to(REPO)}")
    return 0


def print_table(report: dict[str, object]) -> None:
    throughput = f"req/s x{report['threads']}"
    head = (
        f"{'scenario':36} {'status':>8} {'p50 ms':>8} {'p95 ms':>8} {'app p50':>8} "
        f"{'find p50':>9} {'rest p50':>9} {throughput:>10}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for name, result in report["scenarios"].items():  # type: ignore[union-attr]
        seq, conc = result["sequential"], result["concurrent"]
        find = seq["server_find_ms"]["p50"] if seq["server_find_ms"] else float("nan")
        print(
            f"{name:36} {','.join(map(str, seq['statuses'])):>8} {seq['client_ms']['p50']:8.2f} "
            f"{seq['client_ms']['p95']:8.2f} {seq['server_app_ms']['p50']:8.2f} {find:9.2f} "
            f"{seq['server_other_ms']['p50']:9.2f} {conc['requests_per_second']:10}"
        )


if __name__ == "__main__":
    sys.exit(main())
