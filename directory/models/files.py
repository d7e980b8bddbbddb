"""Stored files kept in the database (the ``database`` file-storage backend).

A file is one ``stored_files`` row plus its content in ordered chunks, so writing and
reading never hold more than one chunk in memory, and the rows are written in the
same transaction as the row that refers to the file.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model


class StoredFile(Model):
    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StoredFileChunk(Model):
    __tablename__ = "stored_file_chunks"

    key: Mapped[str] = mapped_column(
        ForeignKey("stored_files.key", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
