"""CPU per request inside one app process, for the three request types of the capacity mix.

    .venv/bin/python bench/profile_requests.py [--requests 300] [--rounds 2]
        [--baseline REV] [--profile [--top 25]] [--types search api profile]
        [--instance DIR] [--together] [--cookieless]

It builds a scratch instance as ``bench/http_bench.py`` does (the demo data with
``flask setup``, in a temporary folder, or in ``--instance DIR`` kept for the next run),
then, in a child process per code tree, sends each type of request through Flask's test
client: a warm-up, then ``--requests`` measured ones. The figure is
``time.process_time()`` per request, which another process's load disturbs far less than
wall time; it is the worker's own cost (no network, no gunicorn).

``--baseline REV`` measures the code of a git revision (its ``directory/`` exported to a
temporary folder) against the working tree, on the same instance, alternating between
the two for ``--rounds`` rounds and keeping each one's lowest figure: compare before and
after in the same run on a shared machine (``--together`` runs the two at the same
time, so a busy neighbour weighs on both alike). ``--profile`` adds, per type and tree, the
functions that take the most time under cProfile (cumulative and own time).

``--cookieless`` sends every request without cookies, as ``bench/http_bench.py``'s
clients (``wrk`` and its Python threads) do: a page with a form then starts a session
for its CSRF token on every request, which a client that keeps its cookie pays once.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
WARM_UP = 30
MAX_REQUESTS = 5000
Results = dict[str, dict[str, Any]]  # per type: path, cpu_ms, bytes and maybe profile

TYPES: dict[str, str] = {
    "search": "/search?"
    + urlencode({"location": "SW1A 1AA", "treatment": "mesotherapy", "radius": 10}),
    "api": "/api/v1/search?"
    + urlencode({"location": "Leeds", "treatment": "mesotherapy", "radius": 25}),
    # The first result of a search near SW1A 1AA, found by the child.
    "profile": "",
}


def measure(
    types: list[str], requests: int, profile: bool, top: int, cookies: bool = True
) -> Results:
    """In this process: CPU ms per request for each type, and the profile's top lines.
    Without ``cookies`` no request sends one (nor keeps what the last one set)."""
    import cProfile
    import io
    import pstats
    import time

    from directory import create_app

    app = create_app()
    client = app.test_client(use_cookies=cookies)
    found = client.get("/api/v1/search?" + urlencode({"location": "SW1A 1AA", "per_page": 1}))
    url = json.loads(found.data)["results"][0]["url"]
    paths = dict(TYPES, profile="/" + url.split("/", 3)[3])
    out: Results = {}
    for name in types:
        path = paths[name]
        for _ in range(WARM_UP):
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        result: dict[str, Any] = {
            "path": path,
            "cpu_ms": (time.process_time() - started) / requests * 1000,
            "bytes": len(answer.data),
        }
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                client.get(path)
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text).strip_dirs()
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("tottime").print_stats(top)
            result["profile"] = text.getvalue()
        out[name] = result
    return out


def export_revision(revision: str, folder: Path) -> Path:
    """The ``directory`` package of ``revision``, written under ``folder`` (beside a link
    to this tree's ``seed_data``)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "directory"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    target = folder / "baseline"
    target.mkdir()
    tar_path = folder / "baseline.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")
    # Data, not code: the geodata and seed files the package finds beside itself.
    (target / "seed_data").symlink_to(REPO / "seed_data")
    return target


def start_child(env: dict[str, str], code: Path, args: argparse.Namespace) -> subprocess.Popen[str]:
    """One measurement in a fresh process that imports the ``directory`` under ``code``."""
    child_env = dict(env, PYTHONPATH=str(code))  # ahead of the editable install's finder
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--measure",
        "--requests",
        str(args.requests),
        "--top",
        str(args.top),
        "--types",
        *args.types,
    ]
    if args.profile:
        command.append("--profile")
    if args.cookieless:
        command.append("--cookieless")
    return subprocess.Popen(
        command, cwd=code, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish_child(child: subprocess.Popen[str], code: Path) -> Results:
    out, err = child.communicate()
    if child.returncode:
        sys.exit(f"the measurement in {code} failed:\n{err[-4000:]}")
    results: Results = json.loads(out.strip().splitlines()[-1])
    return results


def run_round(env: dict[str, str], trees: dict[str, Path], args: argparse.Namespace) -> Any:
    """(label, results) for each tree: one after another, or with ``--together`` all at
    once, so a shared machine's load at that moment weighs on each alike."""
    if args.together:
        children = {label: start_child(env, code, args) for label, code in trees.items()}
        return [(label, finish_child(children[label], code)) for label, code in trees.items()]
    return [
        (label, finish_child(start_child(env, code, args), code)) for label, code in trees.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="measured, per type")
    parser.add_argument("--rounds", type=int, default=2, help="alternations per tree")
    parser.add_argument("--baseline", help="a git revision to measure beside the work tree")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top lines")
    parser.add_argument("--top", type=int, default=25, help="lines per profile listing")
    parser.add_argument("--types", nargs="+", choices=list(TYPES), default=list(TYPES))
    parser.add_argument("--instance", type=Path, help="scratch folder to build once and keep")
    parser.add_argument(
        "--together", action="store_true", help="run the trees' measurements at the same time"
    )
    parser.add_argument(
        "--cookieless", action="store_true", help="send no cookie, as http_bench's clients do"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.requests = max(1, min(args.requests, MAX_REQUESTS))
    if args.measure:
        print(
            json.dumps(
                measure(args.types, args.requests, args.profile, args.top, not args.cookieless)
            )
        )
        return 0

    sys.path.insert(0, str(REPO / "bench"))
    import http_bench as hb

    with tempfile.TemporaryDirectory(prefix="profile-requests-") as scratch:
        folder = args.instance or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = hb.scratch_env(folder)
        env["DIRECTORY_SECRET_KEY"] = "bench-only-" + "0" * 32  # same cookies every run
        if not (folder / "bench.sqlite3").exists():
            print(f"building the demo instance in {folder} ...", file=sys.stderr)
            hb.prepare(env, 0)
        trees = {"work tree": REPO}  # label: the folder that holds ``directory``
        if args.baseline:
            trees = {args.baseline: export_revision(args.baseline, Path(scratch)), **trees}
        best: dict[str, Results] = {}
        for round_number in range(max(1, args.rounds)):
            for label, result in run_round(env, trees, args):
                figures = ", ".join(f"{name} {r['cpu_ms']:.2f}" for name, r in result.items())
                print(f"round {round_number + 1} {label}: {figures}", file=sys.stderr)
                kept = best.setdefault(label, {})
                for name, r in result.items():
                    if name not in kept or r["cpu_ms"] < kept[name]["cpu_ms"]:
                        kept[name] = r
        report(best, args.types, args.requests)
    return 0


def report(best: dict[str, Results], types: list[str], requests: int) -> None:
    print(f"\nCPU ms per request (process time, lowest of the rounds, {requests} requests each)")
    print(f"{'type':10}" + "".join(f"{label[:14]:>16}" for label in best))
    for name in types:
        print(f"{name:10}" + "".join(f"{best[label][name]['cpu_ms']:16.2f}" for label in best))
    for label, results in best.items():
        for name in types:
            if "profile" in results[name]:
                print(f"\n===== {label}: {name} {results[name]['path']}\n")
                print(results[name]["profile"])


if __name__ == "__main__":
    sys.exit(main())
