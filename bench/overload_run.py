"""``http_bench.py --overload [--factor 2.5] [--sweep 2,3,4,5]``: what the production
gunicorn settings do with more load than they can serve, and how many workers to run.

The server is this tree's ``gunicorn.conf.py`` (listen backlog, worker timeout) with
sync workers; only the bind address and worker count are given on the command line.
First the rate held with p95 under 300 ms is found as ``--capacity`` finds it. Then an
open-loop client offers ``--factor`` times that rate for a fixed time: requests start
on a fixed schedule whether or not earlier ones have been answered, as people arriving
do, and each carries ``X-Request-Start`` stamped when it was due, as the proxy in front
would stamp it (so ``MAX_QUEUE_SECONDS`` shedding in ``directory.overload`` applies).
It prints the share of requests served, shed with a 503 (and how fast the 503s came
back), refused or timed out at the connection, and the p95 of those served.

``--sweep`` measures the held rate and its p95 for each worker count (same data,
same mix) to choose the workers per core. The open-loop client is Python asyncio on
the same two cores; it costs far less per request than a worker but is not free.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import capacity
import http_bench as hb
from capacity_run import TYPES

OFFER_SECONDS = 10.0
STEP_SECONDS = 4.0
MAX_IN_FLIGHT = 900  # open sockets from the client at once (the fd limit is 1024)
REQUEST_TIMEOUT = 10.0


async def _one(port: int, path: str, due: float, results: list[tuple[str, float]]) -> None:
    """One request due at ``due`` (time.time()); appends (outcome, ms from due to end)."""
    outcome = "timeout"
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT):
            reader, writer = await asyncio.open_connection(hb.HOST, port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: {hb.HOST}:{port}\r\n"
                f"X-Request-Start: t={due:.6f}\r\nConnection: close\r\n\r\n".encode()
            )
            head = await reader.readline()
            await reader.read()  # to the end: the response is whole
            writer.close()
            parts = head.split()
            outcome = parts[1].decode() if len(parts) > 1 else "reset"
    except TimeoutError:
        outcome = "timeout"
    except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError):
        outcome = "refused"
    except OSError:
        outcome = "refused"
    results.append((outcome, (time.time() - due) * 1000))


async def _offer(port: int, paths: list[str], rate: float, seconds: float) -> dict[str, Any]:
    results: list[tuple[str, float]] = []
    tasks: set[asyncio.Task[None]] = set()
    started = time.time()
    count = int(rate * seconds)
    skipped = 0
    for i in range(count):
        due = started + i / rate
        delay = due - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if len(tasks) >= MAX_IN_FLIGHT:
            skipped += 1
            continue
        task = asyncio.create_task(_one(port, paths[i % len(paths)], due, results))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks)
    return _summary(results, count, skipped, rate, time.time() - started)


def _summary(
    results: list[tuple[str, float]], offered: int, skipped: int, rate: float, wall: float
) -> dict[str, Any]:
    def share(kind: str) -> float:
        return round(100 * sum(1 for o, _ in results if o == kind) / max(1, offered), 1)

    served = [ms for o, ms in results if o == "200"]
    shed = [ms for o, ms in results if o == "503"]
    other = sorted({o for o, _ in results} - {"200", "503", "refused", "timeout"})
    pct = capacity._pct  # noqa: SLF001 - one percentile rule for every bench table
    return {
        "offered_per_second": round(rate, 1),
        "offered": offered,
        "served_per_second": round(len(served) / wall, 1),
        "served_pct": share("200"),
        "served_p50_ms": round(pct(served, 50), 1),
        "served_p95_ms": round(pct(served, 95), 1),
        "shed_503_pct": share("503"),
        "shed_p50_ms": round(pct(shed, 50), 1),
        "shed_p95_ms": round(pct(shed, 95), 1),
        "refused_pct": share("refused"),
        "timeout_pct": share("timeout"),
        "client_cap_pct": round(100 * skipped / max(1, offered), 1),
        "other_statuses": other,
    }


def _serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    # gunicorn reads gunicorn.conf.py from its working folder: the production settings.
    command = [
        hb.sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{hb.HOST}:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-control-socket",
        "wsgi:app",
    ]
    return subprocess.Popen(command, cwd=hb.REPO, env=env, start_new_session=True)


def _held(port: int, paths: list[str]) -> dict[str, Any]:
    return capacity.sustained(port, paths, seconds=STEP_SECONDS)


def run_overload(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="fap-overload-"))
    env = hb.scratch_env(folder)
    report: dict[str, Any] = {
        "load": os.getloadavg(),
        "client": capacity.client_name(),
        "factor": args.factor,
        "workers": args.workers,
        "sweep": {},
    }
    sweep = [int(n) for n in args.sweep.split(",")] if args.sweep else []
    try:
        print("Setting up a scratch instance (demo data) ...", flush=True)
        hb.prepare(env, args.practitioners)
        port = hb.free_port()
        for workers in [args.workers, *[n for n in sweep if n != args.workers]]:
            server = _serve(env, port, workers)
            try:
                hb.wait_ready(port)
                paths = list((TYPES | {"profile page": hb.first_profile_path(port)}).values())
                for path in paths:  # warm every worker on every type
                    capacity.load_step(port, [path], workers, 1.0)
                print(f"{workers} workers: the held rate ({report['client']}) ...", flush=True)
                held = _held(port, paths)
                report["sweep"][workers] = held["held"]
                if workers == args.workers and held["held"]:
                    rate = held["held"]["requests_per_second"] * args.factor
                    print(f"  offering {rate:.0f} req/s for {OFFER_SECONDS:g} s ...", flush=True)
                    report["overload"] = asyncio.run(_offer(port, paths, rate, OFFER_SECONDS))
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(folder)], check=False)
    print_overload(report)
    out = hb.REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"overload-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nSaved {path.relative_to(hb.REPO)}")
    return 0


def print_overload(report: dict[str, Any]) -> None:
    print(f"\nLoad before: {report['load']}; held-rate client: {report['client']}")
    print(f"{'workers':>8} {'held req/s':>11} {'p50 ms':>8} {'p95 ms':>8} {'clients':>8}")
    for workers, held in report["sweep"].items():
        held = held or {}
        print(
            f"{workers:>8} {held.get('requests_per_second', 0):>11} "
            f"{held.get('p50_ms', '-'):>8} {held.get('p95_ms', '-'):>8} "
            f"{held.get('clients', '-'):>8}"
        )
    o = report.get("overload")
    if not o:
        print("No overload step: no rate was held.")
        return
    print(
        f"\nOffered {o['offered_per_second']} req/s ({report['factor']}x the held rate, "
        f"{report['workers']} workers, open loop, {o['offered']} requests):"
    )
    print(
        f"  served 200: {o['served_pct']}% ({o['served_per_second']} req/s), "
        f"p50 {o['served_p50_ms']} ms, p95 {o['served_p95_ms']} ms"
    )
    print(
        f"  shed 503:   {o['shed_503_pct']}%, p50 {o['shed_p50_ms']} ms, "
        f"p95 {o['shed_p95_ms']} ms (from when each was due)"
    )
    print(
        f"  refused at connect: {o['refused_pct']}%, timed out ({REQUEST_TIMEOUT:g} s): "
        f"{o['timeout_pct']}%, not sent (client cap): {o['client_cap_pct']}%"
        + (f", other statuses {o['other_statuses']}" if o["other_statuses"] else "")
    )
