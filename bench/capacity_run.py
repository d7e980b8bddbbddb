"""``http_bench.py --capacity [--baseline REF] [--workers 3]``: the capacity figures
of ``capacity.py`` for this working tree and, in the same run, for git ``REF``."""

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


def measure(tree: Path, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    folder.mkdir(parents=True)
    env = hb.scratch_env(folder)
    hb.prepare(env, args.practitioners, cwd=tree)
    port = hb.free_port()
    server = hb.start_server(env, port, args.workers, cwd=tree)
    try:
        hb.wait_ready(port)
        types = TYPES | {"profile page": hb.first_profile_path(port)}
        paths = list(types.values())
        for path in paths:  # warm every worker on every type
            capacity.load_step(port, [path], args.workers, 1.0)
        cpu = {
            name: round(capacity.cpu_per_request(server.pid, port, path), 2)
            for name, path in types.items()
        }
        print(f"    CPU ms per request: {cpu}", flush=True)
        held = capacity.sustained(port, paths)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"cpu_ms_per_request": cpu, **held}


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
    }
    try:
        for name, tree in trees.items():
            print(f"Measuring {name} ({args.workers} workers) ...", flush=True)
            report[name] = measure(tree, folder / f"run-{len(report)}", args)
    finally:
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
