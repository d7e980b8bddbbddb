"""Where index generations live on disk, and how one replaces another atomically.

``SEARCH_INDEX_DIR`` holds one directory per generation (``gen-<time>-<pid>``) and a
``CURRENT`` file naming the live one. A rebuild writes a complete new generation, then
replaces ``CURRENT`` with ``os.replace`` (atomic on POSIX): a reader sees the old index
or the new one, never half of either. Incremental updates commit new Whoosh segments
inside the current generation; Whoosh's own TOC files make those atomic too.
``indexer.lock`` makes writers (the indexer, a rebuild, the dev-server thread) take
turns across processes; readers never take it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POINTER = "CURRENT"
LOCK = "indexer.lock"
TAXONOMY = "taxonomy.json"
BASE_SEGMENTS = "base-segments.json"  # the segments a rebuild wrote, in geographic order
PREFIX = "gen-"
GRACE_SECONDS = 600.0  # old generations outlive the swap so slow readers can finish


_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


class IndexBusy(RuntimeError):
    """Another process holds the indexer lock."""


def current_generation(root: Path) -> Path | None:
    """The live generation directory, or None when there is no index yet."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    return root / name


def toc_generation(generation: Path) -> int:
    """The newest Whoosh TOC number in a generation directory (-1 if none); Whoosh names
    each commit's table of contents ``_MAIN_<n>.toc``."""
    numbers = [int(m.group(1)) for name in os.listdir(generation) if (m := _TOC.match(name))]
    return max(numbers, default=-1)


def new_generation(root: Path) -> Path:
    """Create and return an empty directory for a new generation."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{PREFIX}{time.time_ns()}-{os.getpid()}"
    path.mkdir()
    return path


def publish(root: Path, generation: Path) -> None:
    """Make ``generation`` the live one, atomically and durably."""
    temporary = root / f".{POINTER}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(generation.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, root / POINTER)
    descriptor = os.open(root, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_old(root: Path, grace_seconds: float = GRACE_SECONDS) -> list[str]:
    """Delete generations other than the live one that are older than the grace
    period (by modification time); returns their names."""
    live = current_generation(root)
    removed = []
    cutoff = time.time() - grace_seconds
    for path in sorted(root.glob(f"{PREFIX}*")):
        if path != live and path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def size_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


@contextmanager
def writer_lock(root: Path, wait: bool = True) -> Iterator[None]:
    """Hold the cross-process indexer lock; raises ``IndexBusy`` if ``wait`` is False
    and another process has it. Released when the block ends (or the process dies)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+b") as handle:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle.fileno(), flags)
        except BlockingIOError as exc:
            raise IndexBusy("the search indexer is busy in another process") from exc
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
