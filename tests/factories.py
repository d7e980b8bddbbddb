"""Builders and readers shared by the integration tests: accounts, practitioners with
clinics, offers and badges made straight through the models (fast and explicit), and a
reader for what the file mail backend wrote.

Import from here in new tests; the per-folder ``_support`` modules re-export these
names so existing tests keep working.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

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
    Practitioner,
    Profession,
    PublicationState,
    Role,
    Treatment,
    TreatmentOffer,
)
from directory.services import accounts
from directory.services import clinics as clinic_locator

PASSWORD = "correct horse battery staple"
# The smallest configuration production accepts (copy it before changing it).
PRODUCTION_CONFIG: dict[str, object] = {
    "ENV_NAME": "production",
    "SECRET_KEY": "k" * 40,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
    "MAIL_BACKEND": "smtp",
    "MAIL_SERVER": "smtp.example.org",
    "PUBLIC_BASE_URL": "https://directory.example.org",
}
Point = tuple[float, float]
LEEDS: Point = (53.7965, -1.5478)  # LS1 4AP
_numbers = itertools.count(1)


def worker_share(ports: range) -> range:
    """This test process's own part of ``ports``: under pytest-xdist each worker takes
    every n-th port, so servers that tests start on fixed ports never collide."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    return ports[int(worker.removeprefix("gw")) % count :: count]


class Mailbox:
    """The messages the file mail backend wrote to ``folder``, oldest first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        """Every message (to ``to`` only, when given)."""
        if not self.folder.exists():
            return []
        found = [
            cast(EmailMessage, message_from_bytes(p.read_bytes(), policy=policy.default))
            for p in sorted(self.folder.glob("*.eml"))
        ]
        return [m for m in found if to is None or m["To"] == to]

    def last(self, to: str | None = None) -> EmailMessage:
        found = self.messages(to)
        assert found, f"no mail to {to}"
        return found[-1]

    def link(self, to: str | None = None) -> str:
        """The first link in the last message (to ``to``), as a path on the test client."""
        body = self.last(to).get_content()
        match = re.search(r"https?://[^\s]+", body)
        assert match, body
        return match.group(0).replace("http://localhost", "")


def make_account(
    email: str, role: Role = Role.PRACTITIONER, *, accepted_terms: bool = False
) -> Account:
    """A verified account with password ``PASSWORD`` (that has accepted the terms now,
    when ``accepted_terms``); commits."""
    account = Account(
        email=email,
        password_hash=accounts.hash_password(PASSWORD),
        role=role,
        email_verified_at=utcnow(),
        terms_accepted_at=utcnow() if accepted_terms else None,
    )
    db.session.add(account)
    db.session.commit()
    return account


def sign_in(client: FlaskClient, email: str) -> FlaskClient:
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client


def body(slug: str) -> AccreditationBody:
    found = db.session.scalar(db.select(AccreditationBody).filter_by(slug=slug))
    assert found is not None, slug
    return found


def clinic_at(
    point: Point | None, name: str = "Test Clinic", town: str = "Leeds", postcode: str = "LS1 4AP"
) -> Clinic:
    """A clinic at exactly ``point`` (None: saved without coordinates). Not committed."""
    lat, lon = point if point is not None else (None, None)
    clinic = Clinic(
        name=name,
        town=town,
        postcode=postcode,
        latitude=lat,
        longitude=lon,
        precision="unit" if point else "unresolved",
    )
    db.session.add(clinic)
    return clinic


def clinic_in(postcode: str, name: str = "Test Clinic", town: str = "") -> Clinic:
    """A clinic geocoded from ``postcode`` by the real offline tables. Not committed."""
    clinic = Clinic(name=name, town=town, postcode=postcode)
    clinic_locator.locate(clinic)
    db.session.add(clinic)
    return clinic


def add_practitioner(
    name: str,
    clinics: Sequence[Clinic | Point] = (),
    treatments: Iterable[str] = (),
    badges: Iterable[
        tuple[str, date | None]
        | tuple[str, date | None, str]
        | tuple[str, date | None, str, bool | None]
    ] = (),
    *,
    state: str = "published",
    profession: str = "nurse",
    bio: str = "",
    title: str = "",
    slug: str | None = None,
    owner: Account | None = None,
    price_from_pence: int | None = None,
) -> Practitioner:
    """A practitioner offering ``treatments`` (slugs, each from ``price_from_pence``) at
    ``clinics`` (clinics or points), with one credential claim per badge
    ``(body slug, expires_on[, status[, prescriber]])`` (status "verified" unless given;
    prescriber as the admin recorded it). Flushed, not committed."""
    by_slug = {t.slug: t for t in db.session.scalars(db.select(Treatment))}
    bodies = {b.slug: b for b in db.session.scalars(db.select(AccreditationBody))}
    with db.session.no_autoflush:  # nothing half-built may be flushed
        practitioner = Practitioner(
            slug=slug or name.lower().replace(" ", "-"),
            display_name=name,
            title=title,
            profession=Profession(profession),
            state=PublicationState(state),
            bio=bio,
            owner=owner,
            clinics=[
                c if isinstance(c, Clinic) else clinic_at(c, f"{name} Clinic") for c in clinics
            ],
            offers=[
                TreatmentOffer(treatment=by_slug[s], price_from_pence=price_from_pence)
                for s in treatments
            ],
        )
        for badge in badges:
            body_slug, expires = badge[0], badge[1]
            status = badge[2] if len(badge) > 2 else "verified"  # type: ignore[misc]
            practitioner.claims.append(
                CredentialClaim(
                    body=bodies[body_slug],
                    number=f"N{next(_numbers):07d}",
                    status=ClaimStatus(status),
                    expires_on=expires,
                    prescriber=badge[3] if len(badge) > 3 else None,  # type: ignore[misc]
                )
            )
    db.session.add(practitioner)
    db.session.flush()
    return practitioner


def make_practitioner(
    slug: str,
    owner: Account | None = None,
    state: PublicationState = PublicationState.PUBLISHED,
    postcode: str = "LS1 4AP",
    lat: float = 53.7965,
    lon: float = -1.5478,
) -> Practitioner:
    """A nurse offering mesotherapy from £150 at one Leeds clinic; commits."""
    practitioner = add_practitioner(
        slug.replace("-", " ").title(),
        [clinic_at((lat, lon), f"{slug} clinic", "Leeds", postcode)],
        ["mesotherapy"],
        state=state,
        slug=slug,
        owner=owner,
        price_from_pence=15000,
    )
    db.session.commit()
    return practitioner


def checked_practitioner(
    slug: str, owner_email: str | None = "owner@example.org", clinics: int = 2
) -> Practitioner:
    """A practitioner the public sees as checked: published, owned by a confirmed account
    that accepted the terms (none when ``owner_email`` is None), at ``clinics`` Leeds
    clinics, with a verified JCCP entry valid for a year; commits."""
    owner = make_account(owner_email, accepted_terms=True) if owner_email else None
    practitioner = add_practitioner(
        slug.replace("-", " ").title(),
        [clinic_at(LEEDS, f"Clinic {n}") for n in range(1, clinics + 1)],
        slug=slug,
        owner=owner,
    )
    practitioner.claims.append(
        CredentialClaim(
            body=body("jccp"),
            number="JCCP12345",
            status=ClaimStatus.VERIFIED,
            submitted_at=utcnow(),
            decided_at=utcnow(),
            expires_on=clock.today() + timedelta(days=365),
        )
    )
    db.session.commit()
    return practitioner


def make_claim(
    practitioner: Practitioner,
    body_slug: str = "jccp",
    number: str = "JCCP12345",
    status: ClaimStatus = ClaimStatus.PENDING,
    expires_on: date | None = None,
    submitted_days_ago: int = 1,
) -> CredentialClaim:
    """A credential claim in ``status``, decided now unless pending; commits."""
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
