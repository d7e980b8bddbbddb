"""Reading photos: which ones the public sees with a profile, which copy a URL may
fetch, and what a practitioner or an admin sees of them.

The public rule is one: a photo is shown and served only while the practitioner it
belongs to is published (``PUBLIC``), whoever's profile page it appears on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, bindparam, union_all

from directory.extensions import db
from directory.models import Account, Photo, Practitioner, PublicationState
from directory.models.practitioners import practitioner_clinics, published
from directory.prepared import Prepared, read_connection
from directory.services import NotFound
from directory.services.mirrors import mirror, select_columns

PUBLIC = Practitioner.state == PublicationState.PUBLISHED
# What a public page reads of a photo: read-only, with the model's ``key`` and
# ``url_values``; building ORM objects for them cost more than the query.
PhotoRow = mirror(Photo)


@dataclass(frozen=True)
class PhotoSet:
    """The photos a public profile shows."""

    profile: Photo | None = None
    by_clinic: dict[int, list[Photo]] = field(default_factory=dict)


def public_set(practitioner_id: int) -> PhotoSet:
    """The photos shown with a published profile: its own photo, and for each of its
    clinics the photos added by any published practitioner working there. Read-only
    ``PhotoRow``s, not ORM objects."""
    profile, by_clinic = None, defaultdict(list)
    rows = _public_set_statement().mappings(read_connection(), {"pid": practitioner_id})
    for row in rows:
        photo = PhotoRow(**row)
        if photo.clinic_id is None:
            profile = photo
        else:
            by_clinic[photo.clinic_id].append(photo)
    return PhotoSet(profile, dict(by_clinic))  # type: ignore[arg-type]  # rows, read as Photo


@cache
def _public_set_statement() -> Prepared:
    # Built once per process and run on the driver's cursor (``prepared``).
    # Two halves, each found through an index (the clinics' photos through the link
    # table, the profile photo by practitioner): with one OR of both, SQLite walked
    # every published practitioner instead.
    photos, people, link = Photo.__table__.c, Practitioner.__table__.c, practitioner_clinics.c
    pid: BindParameter[Any] = bindparam("pid")
    by_published = published(people.state)
    of_clinics = (
        select_columns(Photo)
        .select_from(
            practitioner_clinics.join(Photo.__table__, photos.clinic_id == link.clinic_id).join(
                Practitioner.__table__, photos.practitioner_id == people.id
            )
        )
        .where(link.practitioner_id == pid, by_published)
    )
    own = (
        select_columns(Photo)
        .join_from(Photo.__table__, Practitioner.__table__, photos.practitioner_id == people.id)
        .where(photos.practitioner_id == pid, photos.clinic_id.is_(None), by_published)
    )
    both = union_all(of_clinics, own)
    return Prepared(both.order_by(both.selected_columns.clinic_id, both.selected_columns.slot))


def of_practitioner(practitioner_id: int) -> list[Photo]:
    """Every photo of a practitioner (any state), profile photo first: for their own
    pages and for admins."""
    query = db.select(Photo).where(Photo.practitioner_id == practitioner_id)
    return list(
        db.session.scalars(
            query.order_by(Photo.clinic_id.is_not(None), Photo.clinic_id, Photo.slot)
        )
    )


def public_file(photo_id: int, digest: str, width: int) -> str:
    """The storage key of a copy the public may fetch. Raises ``NotFound`` unless the
    photo exists with this digest and width and its practitioner is published."""
    photo = db.session.scalar(
        db.select(Photo)
        .join(Practitioner, Photo.practitioner_id == Practitioner.id)
        .where(Photo.id == photo_id, Photo.digest == digest)
        .where(PUBLIC)
    )
    if photo is None or width not in photo.widths:
        raise NotFound("There is no such photo.")
    return photo.key(width)


def key_of(photo: Photo, width: int) -> str:
    """The storage key of ``photo``'s copy ``width`` wide; raises ``NotFound`` for a
    width it was not stored at."""
    if width not in photo.widths:
        raise NotFound("There is no such photo.")
    return photo.key(width)


def get(photo_id: int) -> Photo:
    """Any photo (for admins); raises ``NotFound``."""
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound("There is no such photo.")
    return photo


def own_photo(account: Account, photo_id: int) -> Photo:
    """One of the photos of ``account``'s profile; raises ``NotFound`` for anyone
    else's, exactly as for one that does not exist."""
    photo = db.session.scalar(
        db.select(Photo)
        .join(Practitioner, Photo.practitioner_id == Practitioner.id)
        .where(Photo.id == photo_id, Practitioner.owner_id == account.id)
    )
    if photo is None:
        raise NotFound("Not found.")
    return photo


def of_clinic(clinic_id: int) -> list[Photo]:
    """Every photo of a clinic, whoever added it, in slot order."""
    return list(
        db.session.scalars(
            db.select(Photo).where(Photo.clinic_id == clinic_id).order_by(Photo.slot)
        )
    )
