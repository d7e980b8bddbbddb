"""The load generator for the capacity steps: Debian's ``wrk`` when it is installed.

The Python client (``capacity.load_step``) needs about as much CPU per request as a
worker serving it, on the same two cores, so it capped the figure it measured: more
code speed showed as less. ``wrk`` is written in C and needs a small fraction of that.
A Lua script sends the mix in turn and prints wrk's own summary as one JSON line. Each
response from gunicorn's sync workers closes its connection, so wrk connects again for
every request, as the Python client does. Only loopback is ever contacted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

HOST = "127.0.0.1"
SCRIPT = r"""
local paths = {}
local i = 0
function init(args)
  for _, path in ipairs(args) do table.insert(paths, path) end
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def load_step(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` connections sending the mix back to back for ``seconds``, from one
    wrk thread; the same keys as ``capacity.load_step``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT)
    try:
        run = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{clients}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{HOST}:{port}",
                "--",
                *paths,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        Path(script.name).unlink()
    line = next(x for x in reversed(run.stdout.splitlines()) if x.startswith("{"))
    found = json.loads(line)
    errors = sum(found[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "clients": clients,
        "requests_per_second": round(found["requests"] / (found["duration_us"] / 1e6), 1),
        "p50_ms": round(found["p50_us"] / 1000, 1),
        "p95_ms": round(found["p95_us"] / 1000, 1),
        "errors": errors,
    }
