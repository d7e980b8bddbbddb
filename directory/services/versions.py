"""Optimistic concurrency for edit forms: "save only if nobody saved since I looked".

Practitioners, clinics, treatment offers, treatments and bodies carry a ``version``
that SQLAlchemy checks in every ORM ``UPDATE`` (``version_id_col``) and increments. An
edit form sends back the version it was rendered with: a different version now means
someone (another tab, another admin) saved in between, and the edit is refused with
``EditConflict`` instead of silently overwriting their work. A rival commit landing
between our read and our write is caught by the ``UPDATE`` itself (``StaleDataError``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from directory.extensions import db
from directory.services import ServiceError

CONFLICT = (
    "This was changed in another window (or by someone else) after you opened this page, "
    "so your changes were not saved. They are still in the form below: check them "
    "against the saved version and save again."
)


class EditConflict(ServiceError):
    code = "edit_conflict"
    status = 409

    def __init__(self, message: str = CONFLICT) -> None:
        super().__init__(message)


def check(obj: Any, expected: int | None) -> None:
    """Raise ``EditConflict`` when ``obj`` is no longer at the ``expected`` version
    (None: the caller did not say, e.g. an API or CLI edit, so nothing to compare)."""
    if expected is not None and obj.version != expected:
        db.session.rollback()
        raise EditConflict()


def commit() -> None:
    """Commit; raises ``EditConflict`` (rolled back) when a versioned row changed
    under this transaction."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict() from None


def flush() -> None:
    """Flush, with the same conversion as ``commit``."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict() from None


def current(model: type[Any], object_id: int) -> int | None:
    """The committed version of a row now (for a form shown again after a conflict)."""
    return db.session.scalar(db.select(model.version).where(model.id == object_id))
