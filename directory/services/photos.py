"""Practitioners' photos: adding, deleting, admins removing, and what the public may see.

Every photo is processed by ``photo_images`` before anything is written, stored through
``directory.storage`` (copies only, under ``Photo.key``), and served only while the
practitioner it belongs to is published. The limits (one profile photo, six per clinic)
are held by the database; the row locks taken here make a second upload wait for the
first rather than fail. Every change is audited.
"""

from __future__ import annotations

import io
import logging

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from directory import storage
from directory.extensions import db
from directory.models import Account, Clinic, Photo, Practitioner
from directory.models.photos import MAX_PER_CLINIC, PROFILE_SLOT
from directory.services import Forbidden, NotFound, audit, outbox, photo_files, photo_images
from directory.services.decisions import checked_reason
from directory.services.ownership import lock_profile, own_profile, owned, record_change
from directory.services.photo_images import PhotoError

MAX_ALT = 200
log = logging.getLogger(__name__)


class PhotoNotStored(PhotoError):
    code = "photo_not_stored"
    status = 503


class PhotoConflict(PhotoError):
    code = "photo_limit"
    status = 409


def _alt(alt: str) -> str:
    text = " ".join((alt or "").split())
    if not 3 <= len(text) <= MAX_ALT:
        raise PhotoError(
            f"Describe the photo for people who cannot see it (3 to {MAX_ALT} characters)."
        )
    return text


def add_profile_photo(account: Account, data: bytes, alt: str) -> Photo:
    """Set the account's profile photo, replacing any earlier one; commits.

    Raises ``PhotoError`` (bad file or description), ``PhotoNotStored`` (storage
    failed; nothing saved), ``NotFound`` (no profile).
    """
    text, processed = _alt(alt), photo_images.process(data)
    practitioner = own_profile(account)
    lock_profile(practitioner)  # a rival upload waits here, then replaces this one
    old = db.session.scalar(
        db.select(Photo).where(Photo.practitioner_id == practitioner.id, Photo.clinic_id.is_(None))
    )
    stale = photo_files.forget(old) if old else []
    photo = _store(practitioner, None, PROFILE_SLOT, text, processed)
    record_change(practitioner, "photo.add", "photo", photo.id, account, None, _state(photo))
    return _commit(photo, stale)


def add_clinic_photo(account: Account, clinic_id: int, data: bytes, alt: str) -> Photo:
    """Add a photo of one of the account's clinics; commits.

    Raises ``PhotoConflict`` when the clinic has ``MAX_PER_CLINIC`` photos already, and
    as ``add_profile_photo``.
    """
    text, processed = _alt(alt), photo_images.process(data)
    practitioner = own_profile(account)
    clinic = owned(account, Clinic, clinic_id)
    # Several practitioners may share a clinic: its row is the lock all their uploads
    # queue on, so the free slot found below is still free at the insert. (A no-op
    # update that also keeps ``updated_at``, which would otherwise move on its own.)
    db.session.execute(
        update(Clinic)
        .where(Clinic.id == clinic.id)
        .values(name=Clinic.name, updated_at=Clinic.updated_at)
        .execution_options(synchronize_session=False)
    )
    taken = set(db.session.scalars(db.select(Photo.slot).where(Photo.clinic_id == clinic.id)))
    free = [s for s in range(1, MAX_PER_CLINIC + 1) if s not in taken]
    if not free:
        db.session.rollback()
        raise PhotoConflict(
            f"{clinic.name} already has {MAX_PER_CLINIC} photos. Delete one before adding another."
        )
    photo = _store(practitioner, clinic.id, free[0], text, processed)
    record_change(practitioner, "photo.add", "photo", photo.id, account, None, _state(photo))
    return _commit(photo, [])


def delete_own(account: Account, photo_id: int) -> None:
    """Delete one of the account's photos and its files; commits. Raises ``NotFound``
    for a photo that is not theirs (or is gone)."""
    practitioner = own_profile(account)
    photo = db.session.scalar(
        db.select(Photo).where(Photo.id == photo_id, Photo.practitioner_id == practitioner.id)
    )
    if photo is None:
        raise NotFound("Not found.")
    before = _state(photo)
    stale = photo_files.forget(photo)
    record_change(practitioner, "photo.delete", "photo", photo_id, account, before, None)
    db.session.commit()
    photo_files.delete_files(stale)


def remove_by_admin(photo_id: int, admin: Account, reason: str) -> None:
    """An admin takes a photo down, with a reason, audited; commits.

    Raises ``Forbidden``, ``NotFound`` (also when another admin removed it a moment
    ago) and ``DecisionError`` (no sensible reason)."""
    if not admin.is_admin:
        raise Forbidden("Only an admin can remove a photo.")
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound("This photo has already been removed.")
    if photo.practitioner.owner_id == admin.id:
        raise Forbidden("You cannot moderate your own photos; ask another admin.")
    why = checked_reason(reason)
    before = _state(photo)
    stale = photo.keys()
    result = db.session.execute(delete(Photo).where(Photo.id == photo_id))
    if not result.rowcount:  # type: ignore[attr-defined]
        db.session.rollback()
        raise NotFound("This photo has already been removed.")
    stale = photo_files.drop_in_transaction(stale)
    audit.record(
        "photo.remove",
        "photo",
        photo_id,
        actor=admin,
        practitioner_id=photo.practitioner_id,
        before=before,
        reason=why,
    )
    outbox.mark_practitioner(photo.practitioner_id)
    db.session.commit()
    photo_files.delete_files(stale)


# Internals -------------------------------------------------------------------------------


def _state(photo: Photo) -> dict[str, object]:
    return {
        "kind": "clinic" if photo.clinic_id else "profile",
        "clinic_id": photo.clinic_id,
        "alt": photo.alt,
        "digest": photo.digest,
    }


def _store(
    practitioner: Practitioner,
    clinic_id: int | None,
    slot: int,
    alt: str,
    processed: photo_images.Processed,
) -> Photo:
    widest = processed.widest
    photo = Photo(
        practitioner_id=practitioner.id,
        clinic_id=clinic_id,
        slot=slot,
        alt=alt,
        digest=processed.digest,
        widths=[c.width for c in processed.copies],
        width=widest.width,
        height=widest.height,
    )
    db.session.add(photo)
    try:
        db.session.flush()
    except IntegrityError as exc:  # only if a lock was bypassed: the database still says no
        db.session.rollback()
        raise PhotoConflict(
            "Another photo was added at the same moment. Please try again."
        ) from exc
    files, written = storage.backend(), []
    try:
        for copy in processed.copies:
            files.save(photo.key(copy.width), io.BytesIO(copy.data))
            written.append(photo.key(copy.width))
    except OSError as exc:
        log.error("could not store photo %s: %s", photo.id, exc)
        db.session.rollback()
        if not files.transactional:
            photo_files.delete_files(written)
        raise PhotoNotStored(
            "We could not store your photo just now, so nothing was saved. "
            "Please try again in a few minutes."
        ) from exc
    return photo


def _commit(photo: Photo, stale: list[str]) -> Photo:
    files, written = storage.backend(), photo.keys()
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if not files.transactional:
            photo_files.delete_files(written)
        raise
    photo_files.delete_files(stale)
    return photo
