"""``flask --app directory search ...``: rebuild, status, apply, run-indexer."""

from __future__ import annotations

import json
import signal
import threading
import time
from types import FrameType

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Build, check and update the search index.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Build a fresh index from the database and swap it in atomically."""
    from directory.search.indexer import rebuild

    report = rebuild()
    click.echo(
        f"Built {report.documents} documents in {report.seconds:.1f} s "
        f"({report.size_bytes / 1e6:.1f} MB, generation {report.generation}); "
        f"cleared {report.outbox_rows_cleared} queued changes."
    )


@search_cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--quick", is_flag=True, help="Skip the per-document fingerprint check.")
def status_command(as_json: bool, quick: bool) -> None:
    """Compare the index with the database; exits 1 on drift that no queued change
    explains (a change waiting for the indexer is reported as pending, exit 0)."""
    from directory.search.drift import index_status

    report = index_status(deep=not quick)
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    elif report["error"]:
        click.echo(f"Index unavailable: {report['error']}. Run 'flask search rebuild'.")
    else:
        click.echo(
            f"Generation {report['generation']} ({report['segments']} segments): "
            f"{report['documents']} documents, {report['published']} published practitioners, "
            f"{report['pending_outbox']} queued changes."
        )
        if report["pending_count"]:
            click.echo(
                f"  pending: {report['pending_count']} (queued changes not yet applied, "
                f"e.g. ids {report['pending']})"
            )
        for kind in ("missing", "unexpected", "stale"):
            if report[f"{kind}_count"]:
                click.echo(f"  {kind}: {report[f'{kind}_count']} (e.g. ids {report[kind]})")
        for replica in report["replicas"]:
            click.echo(
                f"  replica {replica['name']}{' (this node)' if replica['this_node'] else ''}: "
                f"{replica['changes_behind']} changes, {replica['seconds_behind']:.1f} s behind"
                f" ({replica['state']})"
            )
        click.echo(
            "In sync." if report["in_sync"] else "Drift found: run 'flask search apply' or rebuild."
        )
    if not report.get("in_sync"):
        raise SystemExit(1)


@search_cli.command("apply")
@click.option("--limit", default=500, show_default=True, help="Outbox rows per batch.")
def apply_command(limit: int) -> None:
    """Apply queued changes (the search outbox) once, until it is empty."""
    from directory.search.indexer import apply_outbox

    total = 0
    while applied := apply_outbox(limit):
        total += applied
    click.echo(f"Applied {total} queued changes.")


@search_cli.command("run-indexer")
# A quarter-second poll of an (almost always empty) outbox table costs nothing, and
# keeps a saved change searchable within a second with the workers' recheck on top.
@click.option("--interval", default=0.25, show_default=True, help="Seconds between polls.")
@click.option("--limit", default=500, show_default=True, help="Outbox rows per batch.")
@click.option("--once", is_flag=True, help="Apply what is queued, then exit.")
def run_indexer_command(interval: float, limit: int, once: bool) -> None:
    """Keep the index current: apply the outbox every INTERVAL seconds until SIGTERM
    or SIGINT (finishing the batch in hand first)."""
    from directory.extensions import db
    from directory.search.indexer import apply_outbox

    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        click.echo(f"Received signal {signum}; stopping after this batch.")
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while not stop.is_set():
            started = time.monotonic()
            try:
                applied = apply_outbox(limit)
            except Exception as exc:  # a long-lived worker survives a bad moment
                db.session.rollback()
                click.echo(f"Indexing failed ({exc!r}); retrying in {interval} s.", err=True)
                if once:
                    raise
                stop.wait(interval)
                continue
            if applied:
                seconds = time.monotonic() - started
                click.echo(f"Applied {applied} queued changes in {seconds:.2f} s.")
                continue  # more may be waiting: go again without sleeping
            if once:
                break
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("Indexer stopped.")
