"""Builders for the admin tests: accounts, listings and claims made straight through the
models (fast and explicit), and a reader for the file mail backend."""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from flask.testing import FlaskClient

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import (
    Account,
    AccreditationBody,
    ClaimStatus,
    Clinic,
    CredentialClaim,
    LocationPrecision,
    Practitioner,
    Profession,
    PublicationState,
    Role,
    Treatment,
    TreatmentOffer,
)
from directory.services import accounts

PASSWORD = "correct horse battery staple"


def make_account(email: str, role: Role = Role.PRACTITIONER) -> Account:
    account = Account(
        email=email,
        password_hash=accounts.hash_password(PASSWORD),
        role=role,
        email_verified_at=utcnow(),
    )
    db.session.add(account)
    db.session.commit()
    return account


def sign_in(client: FlaskClient, email: str) -> FlaskClient:
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client


def make_practitioner(
    slug: str,
    owner: Account | None = None,
    state: PublicationState = PublicationState.PUBLISHED,
    postcode: str = "LS1 4AP",
    lat: float = 53.7965,
    lon: float = -1.5478,
) -> Practitioner:
    treatment = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    practitioner = Practitioner(
        slug=slug,
        display_name=slug.replace("-", " ").title(),
        profession=Profession.NURSE,
        state=state,
        owner=owner,
        clinics=[
            Clinic(
                name=f"{slug} clinic",
                town="Leeds",
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                precision=LocationPrecision.UNIT,
            )
        ],
        offers=[TreatmentOffer(treatment=treatment, price_from_pence=15000)],
    )
    db.session.add(practitioner)
    db.session.commit()
    return practitioner


def body(slug: str) -> AccreditationBody:
    found = db.session.scalar(db.select(AccreditationBody).filter_by(slug=slug))
    assert found is not None, slug
    return found


def make_claim(
    practitioner: Practitioner,
    body_slug: str = "jccp",
    number: str = "JCCP12345",
    status: ClaimStatus = ClaimStatus.PENDING,
    expires_on: date | None = None,
    submitted_days_ago: int = 1,
) -> CredentialClaim:
    claim = CredentialClaim(
        practitioner=practitioner,
        body=body(body_slug),
        number=number,
        status=status,
        expires_on=expires_on,
        submitted_at=utcnow() - timedelta(days=submitted_days_ago),
        decided_at=utcnow() if status is not ClaimStatus.PENDING else None,
    )
    db.session.add(claim)
    db.session.commit()
    return claim


class Mailbox:
    """The messages the file mail backend wrote, oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        found = (
            [
                cast(EmailMessage, message_from_bytes(p.read_bytes(), policy=policy.default))
                for p in sorted(self.folder.glob("*.eml"))
            ]
            if self.folder.exists()
            else []
        )
        return [m for m in found if to is None or m["To"] == to]


def committed(statement: object) -> object:
    """The first column of ``statement`` as another connection sees it: only what has
    been committed (the test's own session shares the app's transaction)."""
    with db.engine.connect() as connection:
        return connection.execute(statement).scalar()  # type: ignore[call-overload]


def committed_claim_status(claim_id: int) -> str:
    return str(committed(db.select(CredentialClaim.status).filter_by(id=claim_id)))
