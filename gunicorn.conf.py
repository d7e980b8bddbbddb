"""gunicorn settings for the web workers (read automatically from the current folder,
or name it: ``gunicorn -c gunicorn.conf.py wsgi:app``). Each can be overridden on the
command line or through the ``GUNICORN_*`` variables below.

Overload: sync workers serve one request each, so a burst waits in the listen
backlog. The backlog is kept short, so a request is either served within a few
hundred milliseconds or refused at once (the proxy in front answers 502/503), instead
of everyone waiting seconds; requests that did wait in a proxy's queue too long are
answered 503 by the app itself (``directory.overload``). The work is CPU-bound, so
more workers than cores plus one only add queueing inside the machine.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
worker_class = "sync"
# Pending connections beyond this are refused by the kernel rather than queued.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 64))
# A worker silent this long is killed and replaced; database calls give up long before
# (DIRECTORY_DATABASE_STATEMENT_TIMEOUT + 2 s), so only a real hang reaches it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 20))
# The control socket defaults to one shared path under the home folder, so a second
# instance on the host would take over the first one's. Ours is named after the bind
# address, in the instance folder (or GUNICORN_CONTROL_SOCKET).
_run_dir = Path(os.environ.get("GUNICORN_RUN_DIR", Path(__file__).resolve().parent / "instance"))
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    str(_run_dir / f"gunicorn-{re.sub(r'[^A-Za-z0-9]+', '-', bind).strip('-')}.ctl"),
)
