"""What a practitioner offers: treatments with "from" prices on the account's own profile.

Offers are reached through ``ownership.owned`` (another account's is ``NotFound``), and
every change is audited and queued for re-indexing in its own commit. A published
profile keeps at least one treatment (``profile_rules.keep_one``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import Account, Practitioner, Treatment, TreatmentOffer
from directory.services import NotFound, profile_rules, versions
from directory.services.ownership import lock_profile, own_profile, owned, record_change
from directory.services.profile_rules import ProfileError

MAX_PRICE_PENCE = 100_000_00


def _check_price(price_pence: int | None) -> None:
    if price_pence is not None and not 0 < price_pence <= MAX_PRICE_PENCE:
        raise ProfileError(
            "Give a 'from' price between £0.01 and £100,000, or leave it empty.", "price"
        )


def _offer_state(offer: TreatmentOffer) -> dict[str, Any]:
    return {
        "treatment": offer.treatment.slug,
        "price_from_pence": offer.price_from_pence,
        "notes": offer.notes,
    }


def add_offer(
    account: Account, treatment_id: int, price_pence: int | None, notes: str = ""
) -> TreatmentOffer:
    """Offer a treatment at a 'from' price; commits. Raises ``ProfileError``, ``NotFound``.

    The same form sent twice at once (a double click) adds one offer: the request that
    loses the race on the unique (practitioner, treatment) constraint returns it.
    """
    practitioner = own_profile(account)
    treatment = db.session.get(Treatment, treatment_id)
    if treatment is None:
        raise NotFound("No such treatment.")
    _check_price(price_pence)
    if _offered(practitioner, treatment.id) is not None:
        raise ProfileError(
            f"You already offer {treatment.name}; edit its price instead.", "treatment"
        )
    offer = TreatmentOffer(treatment=treatment, price_from_pence=price_pence, notes=notes.strip())
    practitioner.offers.append(offer)
    practitioner_id = practitioner.id
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(
            db.select(TreatmentOffer).filter_by(
                practitioner_id=practitioner_id, treatment_id=treatment_id
            )
        )
        if existing is None:
            raise
        return existing
    record_change(
        practitioner, "offer.add", "treatment_offer", offer.id, account, None, _offer_state(offer)
    )
    db.session.commit()
    return offer


def _offered(practitioner: Practitioner, treatment_id: int) -> TreatmentOffer | None:
    """The practitioner's offer of this treatment, as this session last read it."""
    return next((o for o in practitioner.offers if o.treatment_id == treatment_id), None)


def update_offer(
    account: Account,
    offer_id: int,
    price_pence: int | None,
    notes: str = "",
    expected_version: int | None = None,
) -> TreatmentOffer:
    """Change an offer's price and notes; commits. Raises ``ProfileError``, ``NotFound``,
    or ``EditConflict`` when the offer is no longer at ``expected_version``."""
    offer = owned(account, TreatmentOffer, offer_id)
    versions.check(offer, expected_version)
    _check_price(price_pence)
    before = _offer_state(offer)
    offer.price_from_pence, offer.notes = price_pence, notes.strip()
    record_change(
        offer.practitioner,
        "offer.update",
        "treatment_offer",
        offer.id,
        account,
        before,
        _offer_state(offer),
    )
    versions.commit()
    return offer


def remove_offer(account: Account, offer_id: int) -> None:
    """Stop offering a treatment; commits.

    Raises ``NotFound``, or ``ProfileError`` for the last treatment of a published profile.
    """
    offer = owned(account, TreatmentOffer, offer_id)
    practitioner = offer.practitioner
    lock_profile(practitioner)  # the count below stays true until this commits
    if offer not in practitioner.offers:
        raise NotFound("Not found.")  # removed by another request a moment ago
    profile_rules.keep_one(practitioner, len(practitioner.offers) - 1, "treatment")
    before = _offer_state(offer)
    practitioner.offers.remove(offer)
    record_change(practitioner, "offer.remove", "treatment_offer", offer_id, account, before, None)
    db.session.commit()
