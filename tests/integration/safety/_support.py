"""Builders for the safety, enquiry and data-rights tests: a practitioner the public sees
as checked (published, one verified current credential, a confirmed owner), and a
reader for the file mail backend."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from directory import clock
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
)
from directory.services import accounts

PASSWORD = "correct horse battery staple"


def make_account(email: str, role: Role = Role.PRACTITIONER) -> Account:
    account = Account(
        email=email,
        password_hash=accounts.hash_password(PASSWORD),
        role=role,
        email_verified_at=utcnow(),
        terms_accepted_at=utcnow(),
    )
    db.session.add(account)
    db.session.commit()
    return account


def sign_in(client: FlaskClient, email: str) -> FlaskClient:
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client


def checked_practitioner(
    slug: str, owner_email: str | None = "owner@example.org", clinics: int = 2
) -> Practitioner:
    """Published, owned by a confirmed account, with a verified JCCP entry valid for a year."""
    owner = make_account(owner_email) if owner_email else None
    practitioner = Practitioner(
        slug=slug,
        display_name=slug.replace("-", " ").title(),
        profession=Profession.NURSE,
        state=PublicationState.PUBLISHED,
        owner=owner,
        clinics=[
            Clinic(
                name=f"Clinic {n}",
                town="Leeds",
                postcode="LS1 4AP",
                latitude=53.7965,
                longitude=-1.5478,
                precision=LocationPrecision.UNIT,
            )
            for n in range(1, clinics + 1)
        ],
    )
    jccp = db.session.scalar(db.select(AccreditationBody).filter_by(slug="jccp"))
    assert jccp is not None
    practitioner.claims.append(
        CredentialClaim(
            body=jccp,
            number="JCCP12345",
            status=ClaimStatus.VERIFIED,
            submitted_at=utcnow(),
            decided_at=utcnow(),
            expires_on=clock.today() + timedelta(days=365),
        )
    )
    db.session.add(practitioner)
    db.session.commit()
    return practitioner
