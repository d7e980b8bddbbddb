"""Issue 15's "done when", in headless Chromium over real HTTP: a safety concern on a
phone, an enquiry relayed by email, a practitioner's download and deletion, and axe-core
on the new pages at 320 and 1280 px."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

import pytest
from axe_check import axe_clean
from clicks import click_and_load
from flask import Flask

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
OWNER = "owner@example.org"


@pytest.fixture
def app(app: Flask, tmp_path: Path) -> Flask:
    app.config.update(MAIL_BACKEND="file", MAIL_DIR=str(tmp_path / "mail"), ENQUIRY_MIN_SECONDS=1)
    return app


def _mail(app: Flask, to: str) -> list[EmailMessage]:
    folder = Path(app.config["MAIL_DIR"])
    found = (
        [
            cast(EmailMessage, message_from_bytes(p.read_bytes(), policy=policy.default))
            for p in sorted(folder.glob("*.eml"))
        ]
        if folder.exists()
        else []
    )
    return [m for m in found if m["To"] == to]


@pytest.fixture
def checked(seeded: Flask) -> Iterator[str]:
    """A published listing with a verified, current JCCP entry, owned by ``OWNER``."""
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
    )
    from directory.services import accounts

    owner = Account(
        email=OWNER,
        password_hash=accounts.hash_password(PASSWORD),
        email_verified_at=utcnow(),
        terms_accepted_at=utcnow(),
    )
    jccp = db.session.scalar(db.select(AccreditationBody).filter_by(slug="jccp"))
    p = Practitioner(
        slug="nadia-lee",
        display_name="Nadia Lee",
        profession=Profession.NURSE,
        state=PublicationState.PUBLISHED,
        owner=owner,
        phone="0113 496 0001",
        clinics=[
            Clinic(
                name=f"{town} Skin Clinic",
                town=town,
                postcode=pc,
                latitude=lat,
                longitude=lon,
                precision=LocationPrecision.UNIT,
            )
            for town, pc, lat, lon in (
                ("Leeds", "LS1 4AP", 53.7965, -1.5478),
                ("York", "YO1 7HH", 53.9590, -1.0815),
            )
        ],
        claims=[
            CredentialClaim(
                body=jccp,
                number="JCCP12345",
                status=ClaimStatus.VERIFIED,
                decided_at=utcnow(),
                expires_on=clock.today() + timedelta(days=300),
            )
        ],
    )
    db.session.add(p)
    db.session.commit()
    yield p.slug


def test_a_safety_concern_on_a_phone_is_confirmed_where_the_person_is(
    app, checked, live_server, page_for, screenshot
):  # type: ignore[no-untyped-def]
    from directory.services import accounts

    accounts.create_admin("duty@example.org", PASSWORD)
    page = page_for(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(f"{live_server}/practitioners/{checked}")
    section = page.locator("#concern")
    for name in ("999", "NHS 111", "MHRA Yellow Card scheme"):
        assert section.get_by_role("link", name=name).first.is_visible()
    page.get_by_text("Report a concern about").click()
    page.get_by_label("I was harmed, or I am worried about my health now").check()
    page.get_by_label("Tell us what happened").fill(
        "My lip has gone pale and very painful since the filler this morning."
    )
    page.get_by_label("Your email address (optional)").fill("patient@example.org")
    click_and_load(page.get_by_role("button", name="Send your concern"))

    confirmation = page.locator("#concern-sent")
    confirmation.wait_for()
    assert confirmation.evaluate("el => el === document.activeElement")
    assert confirmation.get_attribute("role") == "status"
    reference = confirmation.locator(".reference").inner_text()
    assert re.fullmatch(r"CN-\d{6}", reference)
    box = confirmation.bounding_box()
    assert box is not None and 0 <= box["y"] < 740  # on screen, not 1,600 px away
    for name in ("999", "NHS 111", "MHRA Yellow Card scheme"):
        assert section.get_by_role("link", name=name).first.is_visible()
    screenshot(page, "concern-sent-phone", full_page=False)

    [alert] = _mail(app, "duty@example.org")
    assert reference in alert["Subject"] and "pale" not in alert.get_content()
    [ack] = _mail(app, "patient@example.org")
    assert reference in ack.get_content()


def test_an_enquiry_reaches_the_practitioner_without_showing_their_address(
    app, checked, live_server, page_for, screenshot
):  # type: ignore[no-untyped-def]
    page = page_for(width=375, height=740, is_mobile=True, has_touch=True)
    page.goto(f"{live_server}/practitioners/{checked}")
    assert OWNER not in page.content()
    screenshot(page, "profile-with-message-form-phone")
    form = page.locator("#message")
    form.get_by_label("Your name").fill("Jo Patient")
    form.get_by_label("Your email address").fill("jo@example.org")
    form.get_by_label("Preferred clinic").select_option(label="York Skin Clinic, York")
    form.get_by_label("Your message").fill("Could I book skin boosters on a Saturday?")
    page.wait_for_timeout(1100)  # a person takes longer than the form's minimum
    click_and_load(form.get_by_role("button", name="Send your message"))
    sent = page.locator("#enquiry-sent")
    sent.wait_for()
    assert sent.evaluate("el => el === document.activeElement")
    assert OWNER not in page.content()

    [relayed] = _mail(app, OWNER)
    assert relayed["Reply-To"] == "jo@example.org"
    body = relayed.get_content()
    assert "Could I book skin boosters on a Saturday?" in body and "York Skin Clinic" in body


def test_a_practitioner_downloads_their_data_then_deletes_the_account(
    app, checked, live_server, page_for
):  # type: ignore[no-untyped-def]
    from directory.services import accounts, erasure
    from directory.services.accounts import find_by_email

    accounts.create_admin("checker@example.org", PASSWORD)
    label = erasure.pseudonym(find_by_email(OWNER).id)
    page = page_for()
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill(OWNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/account/settings")
    page.get_by_role("link", name=re.compile("Download everything we hold")).click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == OWNER and data["profile"]["slug"] == checked

    assert page.get_by_text("This cannot be undone.").is_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your account is deleted").wait_for()
    assert page.request.get(f"{live_server}/practitioners/{checked}").status == 404

    admin = page_for()
    admin.goto(f"{live_server}/sign-in")
    admin.get_by_label("Email address").fill("checker@example.org")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(f"{live_server}/admin/audit")
    trail = admin.locator("main").inner_text()
    assert label in trail and OWNER not in trail


@pytest.mark.parametrize("width", [320, 1280])
def test_new_pages_pass_axe(app, checked, live_server, page_for, width):  # type: ignore[no-untyped-def]
    page = page_for(width=width, height=900)
    for path in (
        "/privacy",
        "/terms",
        "/cookies",
        "/accessibility",
        "/contact",
        "/sign-up",
        f"/practitioners/{checked}",
    ):
        page.goto(live_server + path)
        axe_clean(page, f"{path} at {width}px")
    # The states that appear after sending: errors, confirmations, the 429 wait page.
    page.goto(f"{live_server}/practitioners/{checked}")
    page.get_by_role("button", name="Send your message").click()
    page.locator("#message .error-summary").wait_for()
    axe_clean(page, f"enquiry errors at {width}px")
    page.get_by_text("Report a concern about").click()
    page.get_by_label("Something else").check()
    page.get_by_label("Tell us what happened").fill("The opening hours listed are wrong.")
    page.get_by_role("button", name="Send your concern").click()
    page.locator("#concern-sent").wait_for()
    axe_clean(page, f"concern sent at {width}px")
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill(OWNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ("/account/", "/account/data", "/account/settings"):
        page.goto(live_server + path)
        axe_clean(page, f"{path} at {width}px")
