"""``http_bench.py --capacity [--baseline REF] [--workers 3]``: the capacity figures
of ``capacity.py`` for this working tree and, in the same run, for git ``REF``.

Both trees are served at once (each its own scratch instance, gunicorn and port; an
idle one takes no CPU), and every figure is taken for each in turn: the CPU of a
request type, then each load step. A run takes a few minutes, and a shared machine's
speed drifts that much; measuring one tree after the other put all of one tree's
figures in one stretch of it."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import capacity
import http_bench as hb

TYPES = {
    "search page": "/search?"
    + urlencode({"location": "SW1A 1AA", "treatment": "mesotherapy", "radius": 10}),
    "api search": "/api/v1/search?"
    + urlencode({"location": "Leeds", "treatment": "mesotherapy", "radius": 25}),
}


class Server:
    """One tree's scratch instance served by gunicorn on its own port."""

    def __init__(self, name: str, tree: Path, folder: Path, port: int, args: argparse.Namespace):
        self.name, self.port = name, port
        folder.mkdir(parents=True)
        self.env = hb.scratch_env(folder)
        hb.prepare(self.env, args.practitioners, cwd=tree)
        self.process = hb.start_server(self.env, port, args.workers, cwd=tree)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def measure(servers: list[Server], args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """Every figure for every server, taken in turn (a type, or a load step, for each
    server before the next): a shared machine's speed drifts over a run, and taking
    each figure of the trees side by side lets the drift weigh on them alike."""
    paths: dict[str, dict[str, str]] = {}
    for server in servers:
        hb.wait_ready(server.port)
        paths[server.name] = TYPES | {"profile page": hb.first_profile_path(server.port)}
        for path in paths[server.name].values():  # warm every worker on every type
            capacity.load_step(server.port, [path], args.workers, 1.0)
    cpu: dict[str, dict[str, float]] = {s.name: {} for s in servers}
    for kind in paths[servers[0].name]:
        for server in servers:
            ms = capacity.cpu_per_request(server.process.pid, server.port, paths[server.name][kind])
            cpu[server.name][kind] = round(ms, 2)
    for server in servers:
        print(f"    {server.name}: CPU ms per request {cpu[server.name]}", flush=True)
    held = capacity.sustained_side_by_side(
        {s.name: (s.port, list(paths[s.name].values())) for s in servers}
    )
    return {s.name: {"cpu_ms_per_request": cpu[s.name], **held[s.name]} for s in servers}


def run_capacity(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="fap-capacity-"))
    trees = {"this tree": hb.REPO}
    if args.baseline:
        trees = {
            args.baseline: capacity.export_tree(hb.REPO, args.baseline, folder / "base"),
            **trees,
        }
    report: dict[str, object] = {
        "workers": args.workers,
        "load": os.getloadavg(),
        "data": args.practitioners or "demo",
        "order": "side by side: each figure for every tree in turn",
    }
    servers: list[Server] = []
    try:
        first = hb.free_port()
        for number, (name, tree) in enumerate(trees.items()):
            print(f"Preparing {name} ({args.workers} workers) ...", flush=True)
            port = first + number if os.environ.get("BENCH_PORT") else hb.free_port()
            servers.append(Server(name, tree, folder / f"run-{number}", port, args))
        report.update(measure(servers, args))
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            subprocess.run(["rm", "-rf", str(folder)], check=False)
    print_capacity(report, list(trees))
    out = hb.REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"capacity-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nSaved {path.relative_to(hb.REPO)}")
    return 0


def print_capacity(report: dict[str, object], names: list[str]) -> None:
    print(f"\n{report['workers']} gunicorn workers, load before: {report['load']}")
    print(f"{'':34}" + "".join(f"{n:>16}" for n in names))
    for kind in [*TYPES, "profile page"]:
        row = [report[n]["cpu_ms_per_request"][kind] for n in names]  # type: ignore[index]
        print(f"{'worker CPU ms/request, ' + kind:34}" + "".join(f"{v:16.2f}" for v in row))
    held = [report[n]["held"] for n in names]  # type: ignore[index]
    print(
        f"{'req/s held at p95 < 300 ms':34}"
        + "".join(f"{(h or {}).get('requests_per_second', 0):16}" for h in held)
    )
    if len(names) == 2 and all(held):
        ratio = held[1]["requests_per_second"] / held[0]["requests_per_second"]
        print(f"{'ratio (this tree / baseline)':34}{ratio:32.2f}")
