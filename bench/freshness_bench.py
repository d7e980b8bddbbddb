"""How long a saved change takes to show in search, on the single-process set-up.

    .venv/bin/python bench/freshness_bench.py [--changes 40] [--indexer inline|process]

Builds a scratch SQLite database with the demo data and its index. With ``inline``
(the default) the app applies the outbox in its own thread (``SEARCH_INLINE_INDEXING``,
as ``make run`` serves); with ``process`` a separate ``flask search run-indexer``
writes the index, as in production, and this process only reads it, as a web worker
does. It renames a practitioner ``--changes`` times and, after each commit, searches
for the new name until it is found. Prints the delay from commit to searchable (median,
p95, max) against the issue's one-second promise, and the machine's load average,
since other work on a small machine delays the indexer thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from directory import create_app, search  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import Practitioner, PublicationState  # noqa: E402
from directory.services import outbox, seed  # noqa: E402

PROMISE_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--indexer", choices=("inline", "process"), default="inline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        config = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/bench.sqlite3",
            "SEARCH_INDEX_DIR": f"{scratch}/index",
            "UPLOAD_DIR": f"{scratch}/uploads",
        }
        app = create_app(config | {"SEARCH_INLINE_INDEXING": args.indexer == "inline"})
        with app.app_context():
            from directory.database import upgrade_database

            upgrade_database()
            seed.load_reference_data(REPO / "seed_data")
            seed.load_demo(REPO / "seed_data")
            search.ensure_index(app)
            app.test_client().get("/health")  # the first request starts the inline thread
            indexer = _start_indexer(config) if args.indexer == "process" else None
            try:
                _one_change(args.changes)  # warm-up, not counted: the indexer starting up
                delays = [_one_change(i) for i in range(args.changes)]
            finally:
                if indexer is not None:
                    indexer.terminate()
                    indexer.wait(10)
    delays.sort()
    p95 = delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))]
    load = os.getloadavg()[0]
    print(
        f"indexer: {args.indexer}; changes: {len(delays)}; load average {load:.2f} on "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"commit to searchable: median {statistics.median(delays) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms "
        f"(promise: within {PROMISE_S:.0f} s; {'met' if delays[-1] <= PROMISE_S else 'MISSED'})"
    )


def _start_indexer(config: dict[str, str]) -> subprocess.Popen[bytes]:
    env = os.environ | {f"DIRECTORY_{key}": value for key, value in config.items()}
    env["DIRECTORY_SEARCH_INLINE_INDEXING"] = "false"
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "directory", "search", "run-indexer"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _one_change(i: int) -> float:
    practitioner = db.session.scalar(
        db.select(Practitioner)
        .filter_by(state=PublicationState.PUBLISHED)
        .order_by(Practitioner.id)
        .offset(i % 50)
        .limit(1)
    )
    name = f"Freshness{i:04d} Zed"
    practitioner.display_name = name
    outbox.mark_practitioner(practitioner.id)
    db.session.commit()
    committed = time.monotonic()
    # checked="any": the changed practitioner need not have a checked credential.
    query = search.SearchQuery(text=f"Freshness{i:04d}", checked="any")
    while practitioner.id not in {h.practitioner_id for h in search.search(query).hits}:
        if time.monotonic() - committed > 30:
            raise SystemExit(f"change {i} not searchable after 30 s")
        time.sleep(0.01)
    return time.monotonic() - committed


if __name__ == "__main__":
    main()
