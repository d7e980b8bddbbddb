"""Moving stored files from one backend to another, e.g. when a second node is added."""

from __future__ import annotations

from dataclasses import dataclass

from directory.extensions import db
from directory.storage import FileStore


@dataclass(frozen=True)
class MoveReport:
    moved: int
    already_there: int
    bytes: int


def move_all(source: FileStore, target: FileStore, prefix: str = "") -> MoveReport:
    """Copy every file under ``prefix`` from ``source`` to ``target``, then delete it from
    ``source``, one file at a time, so an interrupted move can simply be run again: a
    file is removed from the source only once the target has it (committed). Files the
    target already has are only removed from the source. Commits."""
    moved = already = total = 0
    for key in list(source.keys(prefix)):
        if target.exists(key):
            already += 1
        else:
            with source.open(key) as stream:
                total += target.save(key, stream)
            db.session.commit()
            moved += 1
        source.delete(key)
        db.session.commit()
    return MoveReport(moved=moved, already_there=already, bytes=total)
