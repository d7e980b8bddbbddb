""" "The public may see it", written once on the models: the Python answer and the SQL
answer agree for every state and date, on each database; the plain-row form used by the
result cards agrees too."""

from __future__ import annotations

from datetime import date, timedelta

from factories import make_claim, make_practitioner
from sqlalchemy import select

from directory.extensions import db
from directory.models import ClaimStatus, CredentialClaim, Practitioner, PublicationState
from directory.models.credentials import current
from directory.models.practitioners import published
from directory.services.finder_rows import CardClaim

TODAY = date(2026, 6, 30)


def test_only_a_published_listing_is_public_in_python_and_in_sql(reference_data):
    made = {
        state: make_practitioner(f"state-{state.value}", state=state).id
        for state in PublicationState
    }
    in_sql = set(db.session.scalars(select(Practitioner.id).where(Practitioner.is_public)))
    core = Practitioner.__table__.c
    in_core = {
        row[0]
        for row in db.session.connection().execute(select(core.id).where(published(core.state)))
    }
    in_python = {p.id for p in db.session.scalars(select(Practitioner)) if p.is_public}
    assert in_sql == in_core == in_python == {made[PublicationState.PUBLISHED]}


def _claims() -> dict[str, CredentialClaim]:
    """One claim per (status, expiry) case, each on a listing of its own (one open claim
    per listing and body)."""
    cases: dict[str, tuple[ClaimStatus, date | None]] = {
        "verified-no-date": (ClaimStatus.VERIFIED, None),
        "verified-ends-today": (ClaimStatus.VERIFIED, TODAY),
        "verified-ends-tomorrow": (ClaimStatus.VERIFIED, TODAY + timedelta(days=1)),
        "verified-ended-yesterday": (ClaimStatus.VERIFIED, TODAY - timedelta(days=1)),
        "pending-future": (ClaimStatus.PENDING, TODAY + timedelta(days=30)),
        "expired": (ClaimStatus.EXPIRED, TODAY - timedelta(days=1)),
        "revoked-future": (ClaimStatus.REVOKED, TODAY + timedelta(days=30)),
        "renewed-future": (ClaimStatus.RENEWED, TODAY + timedelta(days=30)),
        "rejected": (ClaimStatus.REJECTED, None),
    }
    return {
        name: make_claim(make_practitioner(f"claim-{name}"), status=status, expires_on=until)
        for name, (status, until) in cases.items()
    }


def test_a_badge_is_current_alike_in_python_sql_and_plain_rows(reference_data):
    claims = _claims()
    for day, expected in (
        (TODAY, {"verified-no-date", "verified-ends-today", "verified-ends-tomorrow"}),
        (TODAY + timedelta(days=1), {"verified-no-date", "verified-ends-tomorrow"}),
        (
            TODAY - timedelta(days=1),
            {
                "verified-no-date",
                "verified-ends-today",
                "verified-ends-tomorrow",
                "verified-ended-yesterday",
            },
        ),
    ):
        ids = set(
            db.session.scalars(select(CredentialClaim.id).where(CredentialClaim.is_current(day)))
        )
        in_python = {name for name, c in claims.items() if c.is_current(day)}
        as_rows = {
            name
            for name, c in claims.items()
            if CardClaim(
                c.body,
                c.number,
                c.status,
                c.decided_at,
                c.expires_on,
                c.prescriber,
                c.register_conditions,
            ).is_current(day)
        }
        assert {name for name, c in claims.items() if c.id in ids} == expected, day
        assert in_python == as_rows == expected, day
        assert all(
            current(c.status, c.expires_on, day) == (name in expected) for name, c in claims.items()
        )


def test_a_lapsed_badge_is_a_verified_one_past_its_date(reference_data):
    claims = _claims()
    ids = set(
        db.session.scalars(select(CredentialClaim.id).where(CredentialClaim.has_lapsed(TODAY)))
    )
    assert {name for name, c in claims.items() if c.id in ids} == {"verified-ended-yesterday"}
    assert {name for name, c in claims.items() if c.has_lapsed(TODAY)} == {
        "verified-ended-yesterday"
    }
    # Every verified claim is either current or lapsed on any day, never both.
    verified = {name for name, c in claims.items() if c.status is ClaimStatus.VERIFIED}
    for day in (TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=2)):
        assert all(
            c.is_current(day) != c.has_lapsed(day) for name, c in claims.items() if name in verified
        )
