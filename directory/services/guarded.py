"""Conditional updates: "change this row only if it is still in the state I read".

Decisions that two admins (or two cron runs) could make at once are written as
``UPDATE ... WHERE <expected state>``; exactly one writer changes the row and the
others see zero rows changed. On PostgreSQL a rival waits for the first to commit and
then matches nothing; SQLite instead refuses the write of a connection whose snapshot
predates the rival's commit, which means the same thing here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Update
from sqlalchemy.exc import OperationalError

from directory.extensions import db

if TYPE_CHECKING:
    from directory.services import ServiceError


def changed_rows(statement: Update) -> int:
    """Run ``statement`` in the current transaction; how many rows it changed (0 when a
    rival got there first). Other database errors propagate."""
    try:
        result: Any = db.session.execute(statement.execution_options(synchronize_session=False))
    except OperationalError:
        if db.session.get_bind().dialect.name != "sqlite":
            raise
        return 0
    return int(result.rowcount)


def change_once(statement: Update, row: object, refused: ServiceError) -> None:
    """Run ``statement`` (an UPDATE of ``row`` guarded by the state it was read in), then
    reload ``row``; not committed. When a rival got there first, roll back and raise
    ``refused``."""
    if changed_rows(statement) != 1:
        db.session.rollback()
        raise refused
    db.session.refresh(row)
