"""A practitioner's own profile: personal and professional details, and publication.

Inputs are dataclasses holding only the fields a practitioner may edit, so state,
suspension and verification can never come from a form. Objects are found through
``ownership`` (another account's is ``NotFound``); every change is audited and queued for
re-indexing in the same commit. Clinics live in ``clinic_editor``, treatments offered in
``offer_editor``, credential claims in ``claims``; the rules they share in ``profile_rules``.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import (
    Account,
    Practitioner,
    Profession,
    PublicationState,
    Role,
)
from directory.services import guarded, registration, trust, versions
from directory.services.ownership import (
    lock_profile,
    own_profile,
    profile_of,
    record_change,
    snapshot,
)
from directory.services.profile_rules import ProfileError, check_registration, check_web_link

PROFILE_FIELDS = (
    "display_name",
    "title",
    "profession",
    "regulator_id",
    "registration_number",
    "bio",
    "website",
    "phone",
    "booking_url",
)


@dataclass(frozen=True)
class ProfileDetails:
    display_name: str
    title: str
    profession: Profession
    regulator_id: int | None
    registration_number: str | None
    bio: str
    website: str | None
    phone: str | None
    booking_url: str | None
    # The name the regulator's register lists, when it differs from ``display_name``;
    # it goes with the registration claim to the admin.
    register_name: str = ""


def _apply(practitioner: Practitioner, details: ProfileDetails) -> None:
    regulator_id, number = check_registration(
        details.profession, details.regulator_id, details.registration_number
    )
    if details.profession is Profession.OTHER and trust.is_doctor_title(details.title):
        raise ProfileError(
            "Only a doctor or dentist registered with their regulator may use the title "
            "“Dr” here. Leave the title empty, or choose your regulated profession.",
            "title",
        )
    values = asdict(details) | {
        "regulator_id": regulator_id,
        "registration_number": number,
        "website": check_web_link(details.website, "website"),
        "booking_url": check_web_link(details.booking_url, "booking_url"),
    }
    for name in PROFILE_FIELDS:
        setattr(practitioner, name, values[name])


def _new_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "practitioner"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if db.session.scalar(db.select(Practitioner.id).filter_by(slug=slug)) is None:
            return slug


def create_profile(account: Account, details: ProfileDetails) -> Practitioner:
    """Create the account's draft profile and commit. Raises ``ProfileError``.

    The same form sent twice at once (a double click) creates one profile: the request
    that loses the race on the one-profile-per-account constraint returns the winner's.
    """
    if account.role is not Role.PRACTITIONER or not account.email_verified:
        raise ProfileError("Verify your email address before creating a profile.")
    if profile_of(account) is not None:
        raise ProfileError("You already have a profile.")
    practitioner = Practitioner(
        slug=_new_slug(details.display_name), owner_id=account.id, state=PublicationState.DRAFT
    )
    _apply(practitioner, details)
    db.session.add(practitioner)
    account_id = account.id
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(db.select(Practitioner).filter_by(owner_id=account_id))
        if existing is None:
            raise
        return existing
    record_change(
        practitioner,
        "profile.create",
        "practitioner",
        practitioner.id,
        account,
        None,
        snapshot(practitioner, PROFILE_FIELDS),
    )
    registration.sync(practitioner, account, details.register_name)
    db.session.commit()
    return practitioner


def update_profile(
    account: Account, details: ProfileDetails, expected_version: int | None = None
) -> Practitioner:
    """Save the editable details of the account's profile; commits. Raises
    ``ProfileError``, or ``EditConflict`` when it is no longer at ``expected_version``."""
    practitioner = own_profile(account)
    versions.check(practitioner, expected_version)
    before = snapshot(practitioner, PROFILE_FIELDS)
    _apply(practitioner, details)
    record_change(
        practitioner,
        "profile.update",
        "practitioner",
        practitioner.id,
        account,
        before,
        snapshot(practitioner, PROFILE_FIELDS),
    )
    registration.sync(practitioner, account, details.register_name)
    versions.commit()
    return practitioner


def publish_problems(practitioner: Practitioner) -> list[str]:
    """What stops this profile being published; empty when it may be."""
    problems = []
    if practitioner.state is PublicationState.SUSPENDED:
        problems.append("Your profile is suspended; contact us to resolve it.")
    if practitioner.owner is None or not practitioner.owner.email_verified:
        problems.append("Verify your email address.")
    if not practitioner.clinics:
        problems.append("Add at least one clinic.")
    if not practitioner.offers:
        problems.append("Add at least one treatment you offer.")
    return problems


def set_published(account: Account, publish: bool) -> Practitioner:
    """Publish (draft to published) or unpublish (published to draft); commits.

    Raises ``ProfileError`` when the profile is suspended or not ready to publish.
    """
    practitioner = own_profile(account)
    if publish:
        lock_profile(practitioner)  # no clinic or treatment can go while this is checked
    if practitioner.state is PublicationState.SUSPENDED:
        raise ProfileError("Your profile is suspended; only our team can lift a suspension.")
    if publish and (problems := publish_problems(practitioner)):
        raise ProfileError("Not ready to publish: " + " ".join(problems))
    target = PublicationState.PUBLISHED if publish else PublicationState.DRAFT
    if practitioner.state is not target:
        before = {"state": practitioner.state.value}
        # Only from the state read above: an admin's suspension committed meanwhile wins.
        guarded.change_once(
            update(Practitioner)
            .where(Practitioner.id == practitioner.id, Practitioner.state == practitioner.state)
            .values(state=target),
            practitioner,
            ProfileError("Your profile changed a moment ago; reload the page."),
        )
        record_change(
            practitioner,
            "profile.publish" if publish else "profile.unpublish",
            "practitioner",
            practitioner.id,
            account,
            before,
            {"state": target.value},
        )
        db.session.commit()
    return practitioner
