"""How far a second index replica trails the database under a steady write load.

    .venv/bin/python bench/replica_lag_bench.py --database-url postgresql+psycopg://... \
        [--rate 10] [--seconds 60] [--interval 0.25]

EMPTIES the given PostgreSQL database (drops its ``public`` schema), migrates it and
loads the demo data. Two replicas, "a" and "b", each run ``flask search run-indexer``
as its own process with its own index folder, as on two nodes. This process renames a
demo practitioner ``--rate`` times a second (open loop: a write is due every 1/rate s
whatever the indexers do), and a watcher thread records, for every write:

- *applied*: when each replica's row in ``search_replicas`` first covers the change
  (its position has passed it and it is not one of the replica's gaps), and
- *searchable on b*: when a search of b's index (opened as a web worker of node b
  would, with its 0.25 s recheck) first finds the new name.

Prints median, p95 and max of both lags, from the write's commit, and the load average
(the indexers share the machine with everything else running on it). A search that a
reader answers from the database fallback (it could not open the index that moment)
does not count as found.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask import Flask, current_app  # noqa: E402
from sqlalchemy import text  # noqa: E402

from directory import create_app, search  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import (  # noqa: E402
    Practitioner,
    PublicationState,
    SearchOutbox,
    SearchReplica,
)
from directory.services import outbox, seed  # noqa: E402

REPLICAS = ("a", "b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", required=True, help="a PostgreSQL database this benchmark may empty"
    )
    parser.add_argument("--rate", type=float, default=10.0, help="writes per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to write")
    parser.add_argument("--interval", default="0.25", help="the indexers' poll interval")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        base = {
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "SEARCH_INLINE_INDEXING": False,
            "UPLOAD_DIR": str(root / "uploads"),
        }
        writer = create_app(base | {"SEARCH_INDEX_DIR": str(root / "writer-index")})
        reader_b = create_app(
            base | {"SEARCH_INDEX_DIR": str(root / "b"), "SEARCH_REPLICA_NAME": "b"}
        )
        with writer.app_context():
            targets = _fresh_database()
        indexers = [_start_indexer(base, root, name, args.interval) for name in REPLICAS]
        try:
            with writer.app_context():
                _wait_for_replicas()
            watcher = Watcher(reader_b)
            watcher.start()
            with writer.app_context():
                writes = _write(targets, args.rate, args.seconds, watcher)
            watcher.finish(timeout=30)
        finally:
            for process in indexers:
                process.terminate()
                process.wait(15)
    _report(writes, watcher, args)


def _fresh_database() -> list[int]:
    db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.session.commit()
    from directory.database import upgrade_database

    upgrade_database()
    seed.load_reference_data(REPO / "seed_data")
    seed.load_demo(REPO / "seed_data")
    query = db.select(Practitioner.id).filter_by(state=PublicationState.PUBLISHED)
    return list(db.session.scalars(query.order_by(Practitioner.id).limit(50)))


def _start_indexer(
    base: dict[str, object], root: Path, name: str, interval: str
) -> subprocess.Popen[bytes]:
    env = os.environ | {
        f"DIRECTORY_{key}": json.dumps(value) if isinstance(value, bool) else str(value)
        for key, value in base.items()
    }
    env |= {"DIRECTORY_SEARCH_INDEX_DIR": str(root / name), "DIRECTORY_SEARCH_REPLICA_NAME": name}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "directory",
            "search",
            "run-indexer",
            "--interval",
            interval,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _wait_for_replicas() -> None:
    """Both indexers have built their index from the database and caught up."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        db.session.rollback()
        head = db.session.scalar(db.select(db.func.max(SearchOutbox.id))) or 0
        replicas = db.session.scalars(db.select(SearchReplica)).all()
        if {r.name for r in replicas} >= set(REPLICAS) and all(
            r.applied_through >= head for r in replicas
        ):
            return
        time.sleep(0.2)
    raise SystemExit("the replicas did not build their index within 300 s")


class Watcher(threading.Thread):
    """Records when each write is applied by each replica and searchable on b."""

    def __init__(self, reader: Flask) -> None:
        super().__init__(daemon=True)
        self.reader = reader
        self.lock = threading.Lock()
        self.waiting: dict[int, str] = {}  # outbox id -> the unique name written
        self.applied: dict[str, dict[int, float]] = {name: {} for name in REPLICAS}
        self.searchable: dict[int, float] = {}
        self.done = threading.Event()

    def expect(self, row_id: int, word: str) -> None:
        with self.lock:
            self.waiting[row_id] = word

    def run(self) -> None:
        with self.reader.app_context():
            while True:
                finished = self.done.is_set()
                with self.lock:
                    waiting = dict(self.waiting)
                self._poll(waiting)
                with self.lock:  # done with: no longer polled (the writer needs the GIL)
                    for row_id in [r for r in waiting if self._complete_one(r)]:
                        del self.waiting[row_id]
                    if finished and not self.waiting:
                        return
                time.sleep(0.01)

    def _complete_one(self, row_id: int) -> bool:
        return row_id in self.searchable and all(row_id in seen for seen in self.applied.values())

    def _poll(self, waiting: dict[int, str]) -> None:
        now = time.monotonic()
        db.session.rollback()  # a fresh snapshot of the replica rows
        for replica in db.session.scalars(db.select(SearchReplica)):
            if replica.name not in self.applied:
                continue
            gaps = {entry[0] for entry in json.loads(replica.gaps)}
            seen = self.applied[replica.name]
            for row_id in waiting:
                if row_id not in seen and row_id <= replica.position and row_id not in gaps:
                    seen[row_id] = now
        for row_id, word in waiting.items():
            if row_id not in self.searchable:
                results = search.search(search.SearchQuery(text=word, checked="any"))
                if results.hits and not results.degraded:  # the index, not the fallback
                    self.searchable[row_id] = time.monotonic()

    def finish(self, timeout: float) -> None:
        self.done.set()
        self.join(timeout)
        if self.is_alive():
            raise SystemExit(f"not every write was applied within {timeout} s of the last")


def _write(targets: list[int], rate: float, seconds: float, watcher: Watcher) -> dict[int, float]:
    """Rename practitioners at ``rate`` per second, each write on a small pool of
    threads so a slow commit does not delay the next one (as with several web
    workers; commits then land out of id order now and then, as in production).
    Returns outbox id -> commit time."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    committed: dict[int, float] = {}
    lock = threading.Lock()

    def one(i: int) -> None:
        with app.app_context():
            practitioner = db.session.get(Practitioner, targets[i % len(targets)])
            word = f"Lagbench{i:05d}"
            practitioner.display_name = f"{word} Zed"
            outbox.mark_practitioner(practitioner.id)
            db.session.flush()
            row_id = db.session.scalar(
                db.select(db.func.max(SearchOutbox.id)).filter_by(practitioner_id=practitioner.id)
            )
            db.session.commit()
            at = time.monotonic()
            db.session.remove()
        with lock:
            committed[row_id] = at
        watcher.expect(row_id, word)

    started = time.monotonic()
    count = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = []
        for i in range(count):
            time.sleep(max(0.0, started + i / rate - time.monotonic()))
            futures.append(pool.submit(one, i))
        for future in futures:
            future.result()
    span = max(committed.values()) - min(committed.values())
    achieved = (len(committed) - 1) / span if span > 0 else float("nan")
    print(f"writes achieved {achieved:.1f}/s (asked for {rate:g}/s)")
    return committed


def _summary(lags: list[float]) -> str:
    lags = sorted(lags)
    p95 = lags[min(len(lags) - 1, round(0.95 * (len(lags) - 1)))]
    return (
        f"median {statistics.median(lags) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {lags[-1] * 1000:.0f} ms"
    )


def _report(writes: dict[int, float], watcher: Watcher, args: argparse.Namespace) -> None:
    print(
        f"{len(writes)} writes at {args.rate:g}/s for {args.seconds:g} s; indexers poll every "
        f"{args.interval} s; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    for name in REPLICAS:
        lags = [watcher.applied[name][row] - at for row, at in writes.items()]
        print(f"replica {name}, commit to applied:    {_summary(lags)}")
    lags = [watcher.searchable[row] - at for row, at in writes.items()]
    print(f"replica b, commit to searchable: {_summary(lags)}")


if __name__ == "__main__":
    main()
