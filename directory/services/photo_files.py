"""Photo files in storage: deleting a photo's row together with its copies.

With the database backend a file's deletion joins the caller's transaction; with a
local folder it can only happen after the commit (a rollback could not bring a file
back), so these functions hand back the keys still to delete.
"""

from __future__ import annotations

import logging

from directory import storage
from directory.extensions import db
from directory.models import Photo

log = logging.getLogger(__name__)


def forget_all(practitioner_id: int, clinic_id: int | None = None) -> list[str]:
    """Delete a practitioner's photos (only those of ``clinic_id`` when given) in the
    caller's transaction, for a clinic left or an account deleted; returns the files
    to ``delete_files`` after the commit."""
    query = db.select(Photo).where(Photo.practitioner_id == practitioner_id)
    if clinic_id is not None:
        query = query.where(Photo.clinic_id == clinic_id)
    keys = []
    for photo in db.session.scalars(query):
        keys.extend(forget(photo))
    return keys


def forget(photo: Photo) -> list[str]:
    """Delete ``photo``'s row (not committed); returns the files still to delete after
    the commit (none with the database backend, whose deletes join the transaction)."""
    keys = photo.keys()
    db.session.delete(photo)
    db.session.flush()
    return drop_in_transaction(keys)


def drop_in_transaction(keys: list[str]) -> list[str]:
    """Delete the files now when the backend is transactional; else return the keys."""
    files = storage.backend()
    if not files.transactional:
        return keys
    for key in keys:
        files.delete(key)
    return []


def delete_files(keys: list[str]) -> None:
    """Delete files whose photo rows are gone (committed); a failure is only logged."""
    files = storage.backend()
    for key in keys:
        try:
            files.delete(key)
        except OSError as exc:  # the row is gone; an orphan file is only wasted space
            log.warning("could not delete photo file %s: %s", key, exc)
