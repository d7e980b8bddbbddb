"""The one owner-scoped lookup behind every practitioner edit, and the audit-and-reindex
step every edit ends with.

``owned`` finds an object only through the account's own profile: another account's
object is ``NotFound``, exactly like one that does not exist, so ids can never be used to
probe or touch someone else's clinics, treatments or claims.
"""

from __future__ import annotations

from typing import Any, TypeVar

from directory.extensions import db
from directory.models import (
    Account,
    Clinic,
    CredentialClaim,
    Practitioner,
    TreatmentOffer,
    practitioner_clinics,
)
from directory.services import NotFound, audit, outbox

T = TypeVar("T", Practitioner, Clinic, TreatmentOffer, CredentialClaim)


def owned(account: Account, model: type[T], object_id: int) -> T:
    """Return ``model`` #``object_id`` if it belongs to ``account``'s profile.

    Raises ``NotFound`` when it does not exist or belongs to anyone else.
    """
    mine = db.select(Practitioner.id).where(Practitioner.owner_id == account.id)
    query = db.select(model).where(model.id == object_id)
    if model is Practitioner:
        query = query.where(Practitioner.owner_id == account.id)
    elif model is Clinic:
        query = query.join(practitioner_clinics).where(
            practitioner_clinics.c.practitioner_id.in_(mine)
        )
    else:
        query = query.where(model.practitioner_id.in_(mine))  # type: ignore[attr-defined]
    found = db.session.scalar(query)
    if found is None:
        raise NotFound("Not found.")
    return found


def profile_of(account: Account) -> Practitioner | None:
    return db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))


def own_profile(account: Account) -> Practitioner:
    """The account's profile; raises ``NotFound`` if it has none yet."""
    profile = profile_of(account)
    if profile is None:
        raise NotFound("You have not created your profile yet.")
    return profile


def lock_profile(practitioner: Practitioner) -> None:
    """Take the write lock on ``practitioner``'s row for the rest of the transaction and
    reload its state, clinics and offers as committed now.

    A check such as "a published profile keeps one clinic" made after this cannot be
    invalidated by a rival request: on PostgreSQL the rival waits on the row lock, on
    SQLite on the database's single writer lock (the no-op update takes either).
    """
    db.session.execute(
        db.update(Practitioner)
        .where(Practitioner.id == practitioner.id)
        .values(state=Practitioner.state)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(practitioner, ["state", "clinics", "offers"])


def snapshot(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def record_change(
    practitioner: Practitioner,
    action: str,
    entity: str,
    entity_id: int | None,
    actor: Account,
    before: dict[str, Any] | list[Any] | None,
    after: dict[str, Any] | list[Any] | None,
) -> None:
    """Audit a change to ``practitioner`` and queue it for re-indexing (not committed)."""
    audit.record(
        action,
        entity,
        entity_id,
        actor=actor,
        practitioner_id=practitioner.id,
        before=before,
        after=after,
    )
    outbox.mark_practitioner(practitioner.id)
