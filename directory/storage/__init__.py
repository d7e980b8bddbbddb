"""Where uploaded files live: a small interface with two backends, chosen by
``FILE_STORAGE``.

- ``local`` (the default): files under ``UPLOAD_DIR``, as on one machine.
- ``database``: files in the database, in chunks, written in the caller's
  transaction, so a row that names a file commits (or rolls back) with the file, and
  every node can read what any node stored, with no shared disk.

Keys are relative names such as ``evidence/3f9a...c1.pdf``; callers never build paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, Protocol

from flask import current_app

BACKENDS = ("local", "database")
CHUNK_BYTES = 256 * 1024


class FileStore(Protocol):
    name: str
    transactional: bool  # True: save and delete join the caller's transaction

    def save(self, key: str, stream: BinaryIO) -> int:
        """Copy ``stream`` to ``key`` chunk by chunk (the key must be new); returns the
        bytes written. Raises ``FileExistsError``, ``OSError``."""

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of the file; raises ``FileNotFoundError``."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the file if it exists (database: not committed)."""

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with ``prefix``."""


def backend(name: str | None = None) -> FileStore:
    """The configured backend (or the one named); raises ``ValueError`` for an unknown
    name."""
    from directory.storage.database import DatabaseStore
    from directory.storage.local import LocalStore

    chosen = name or str(current_app.config["FILE_STORAGE"])
    if chosen == "local":
        return LocalStore(current_app.config["UPLOAD_DIR"])
    if chosen == "database":
        return DatabaseStore()
    raise ValueError(f"Unknown file storage {chosen!r}: use one of {', '.join(BACKENDS)}.")
