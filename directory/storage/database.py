"""Files in the database: a ``stored_files`` row and its content in ordered chunks.

Writes go through the caller's session, so they commit with the row that names the
file (a claim never points at a missing file). Reads fetch one chunk at a time on a
connection of their own, so a response can stream a file after the request's session
has been closed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from sqlalchemy import Engine

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import StoredFile, StoredFileChunk
from directory.storage import CHUNK_BYTES


class DatabaseStore:
    name = "database"
    transactional = True

    # Statements go straight to the session's connection: the same transaction as the
    # caller's rows, without flushing whatever half-built objects the caller holds.
    def save(self, key: str, stream: BinaryIO) -> int:
        if self.exists(key):
            raise FileExistsError(key)
        connection = db.session.connection()
        connection.execute(db.insert(StoredFile).values(key=key, size=0, created_at=utcnow()))
        seq = size = 0
        while chunk := stream.read(CHUNK_BYTES):  # one chunk in memory at a time
            connection.execute(db.insert(StoredFileChunk).values(key=key, seq=seq, data=chunk))
            seq += 1
            size += len(chunk)
        connection.execute(db.update(StoredFile).where(StoredFile.key == key).values(size=size))
        return size

    def open(self, key: str) -> BinaryIO:
        if not self.exists(key):
            raise FileNotFoundError(key)
        return io.BufferedReader(_ChunkReader(db.engine, key), CHUNK_BYTES)

    def exists(self, key: str) -> bool:
        query = db.select(StoredFile.key).where(StoredFile.key == key)
        return db.session.connection().execute(query).first() is not None

    def delete(self, key: str) -> None:
        connection = db.session.connection()
        connection.execute(db.delete(StoredFileChunk).where(StoredFileChunk.key == key))
        connection.execute(db.delete(StoredFile).where(StoredFile.key == key))

    def keys(self, prefix: str = "") -> Iterator[str]:
        query = db.select(StoredFile.key).where(StoredFile.key.startswith(prefix, autoescape=True))
        yield from list(db.session.connection().execute(query.order_by(StoredFile.key)).scalars())


class _ChunkReader(io.RawIOBase):
    def __init__(self, engine: Engine, key: str) -> None:
        self._engine, self._key = engine, key
        self._seq, self._pending = 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            with self._engine.connect() as connection:
                self._pending = (
                    connection.execute(
                        db.select(StoredFileChunk.data).where(
                            StoredFileChunk.key == self._key, StoredFileChunk.seq == self._seq
                        )
                    ).scalar()
                    or b""
                )
            self._seq += 1
            if not self._pending:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size
