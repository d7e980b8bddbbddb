"""Shed load that has already waited too long: a fast 503 instead of a late answer.

A proxy in front stamps each request with the time it arrived (nginx:
``proxy_set_header X-Request-Start "t=${msec}";``). A request that spent more than
``MAX_QUEUE_SECONDS`` waiting for a free worker is answered 503 with ``Retry-After`` at
once, without touching the database: its client has probably given up, and serving it
would only make the requests behind it late too. Without the header nothing is shed.
"""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, jsonify, request

HEADER = "X-Request-Start"


def queued_seconds(value: str, now: float) -> float | None:
    """How long ago ``value`` (``t=<seconds>`` with a fraction, or whole milli- or
    microseconds, as proxies write it) was, or None when it cannot be read."""
    raw = value.strip().removeprefix("t=")
    try:
        stamp = float(raw)
    except ValueError:
        return None
    for scale in (1.0, 1e3, 1e6):  # seconds, milliseconds, microseconds since 1970
        if stamp / scale < now * 10:
            return now - stamp / scale
    return None


def _shed() -> Response | None:
    value = request.headers.get(HEADER)
    limit = float(current_app.config["MAX_QUEUE_SECONDS"])
    if not value or limit <= 0:
        return None
    waited = queued_seconds(value, time.time())
    if waited is None or waited <= limit:
        return None
    response = jsonify(
        {"error": {"code": "overloaded", "message": "The site is busy; please try again shortly."}}
    )
    response.status_code = 503
    response.headers["Retry-After"] = "1"
    return response


def init_app(app: Flask) -> None:
    # First of all before-request functions: shedding must cost nothing.
    app.before_request_funcs.setdefault(None, []).insert(0, _shed)
