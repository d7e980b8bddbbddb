"""``Server-Timing`` headers on public and API responses, so the HTTP benchmark (and a
browser's dev tools) can see how a request's time splits between search and rendering.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from flask import Blueprint, Response, g


def install(bp: Blueprint) -> None:
    """Time every request the blueprint handles."""
    bp.before_request(_start)
    bp.after_request(_finish)


@contextmanager
def measure(name: str) -> Iterator[None]:
    """Record how long the block took as a ``Server-Timing`` metric called ``name``."""
    started = perf_counter()
    try:
        yield
    finally:
        metrics = g.setdefault("server_timing", {})
        metrics[name] = metrics.get(name, 0.0) + (perf_counter() - started) * 1000


def _start() -> None:
    g.request_started = perf_counter()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:
        return response
    metrics = dict(g.get("server_timing", {}))
    metrics["app"] = (perf_counter() - started) * 1000
    response.headers["Server-Timing"] = ", ".join(f"{k};dur={v:.2f}" for k, v in metrics.items())
    return response
