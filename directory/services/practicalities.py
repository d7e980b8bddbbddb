"""What a patient needs to know before booking, per practitioner: the languages they
consult in and what a first consultation costs ("free", "deducted from treatment", or
a fee)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from directory.extensions import db
from directory.models import Account, ConsultationFee, Practitioner
from directory.services.languages import LANGUAGES
from directory.services.ownership import own_profile, record_change, snapshot
from directory.services.profile_rules import ProfileError

FIELDS = ("languages", "consultation", "consultation_fee_pence")
MAX_FEE_PENCE = 10_000_00


def set_practicalities(
    account: Account,
    languages: Iterable[str],
    consultation: ConsultationFee | None,
    fee_pence: int | None,
) -> Practitioner:
    """Save languages and the consultation fee; commits and queues re-indexing (language is
    a search filter). Raises ``ProfileError`` (fields "languages", "fee") before changing
    anything: an unknown language code, a fee with "free", or a charged or deducted
    consultation without a fee between £0.01 and £10,000."""
    codes = sorted(set(languages))
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown:
        raise ProfileError(f"Choose languages from the list ({', '.join(unknown)}?).", "languages")
    if consultation is ConsultationFee.FREE or consultation is None:
        if fee_pence is not None:
            raise ProfileError(
                "Leave the fee empty when the consultation is free or not said.", "fee"
            )
    elif fee_pence is None or not 0 < fee_pence <= MAX_FEE_PENCE:
        raise ProfileError("Give the consultation fee, between £0.01 and £10,000.", "fee")
    practitioner = own_profile(account)
    before = _state(practitioner)
    practitioner.languages = codes
    practitioner.consultation = consultation
    practitioner.consultation_fee_pence = fee_pence
    record_change(
        practitioner,
        "profile.practicalities",
        "practitioner",
        practitioner.id,
        account,
        before,
        _state(practitioner),
    )
    db.session.commit()
    return practitioner


def _state(practitioner: Practitioner) -> dict[str, Any]:
    state = snapshot(practitioner, FIELDS)
    state["languages"] = list(state["languages"] or [])
    return state
