"""Issue 16's "done when", in headless Chromium over real HTTP: a practitioner adds
opening hours, access details, a photo and a CQC registration with evidence; an admin
checks the registration in the queue; someone on a phone finds the clinic with
"registered clinic", "step-free access" and a price cap, and sees the photo, today's
hours and the checked registration. axe-core passes on every page on the way."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from axe_check import axe_clean
from clicks import click_and_load
from factories import PASSWORD, make_account, make_claim, make_practitioner
from PIL import Image, ImageDraw

pytestmark = pytest.mark.browser

OWNER, ADMIN = "rosa@example.org", "checker@example.org"
NAME, SLUG = "Rosa Vale", "rosa-vale"
CQC_NUMBER = "1-123456789"
ALT = "Rosa Vale in the treatment room, smiling"


def _jpeg_with_exif(path: Path) -> Path:
    """A small real JPEG whose EXIF names a camera and an owner: none of it may survive."""
    image = Image.new("RGB", (900, 700), (182, 206, 222))
    ImageDraw.Draw(image).ellipse([300, 150, 600, 450], fill=(244, 222, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x013B] = "Rosa Vale at home"  # Artist
    exif[0x0112] = 1  # Orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=85)
    path.write_bytes(out.getvalue())
    return path


def _sign_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


def _practitioner_adds_everything(page, base: str, tmp_path: Path, screenshot) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, base, OWNER)
    page.goto(f"{base}/account/clinics")
    axe_clean(page, "clinics")
    page.get_by_role("link", name="Opening hours of").click()
    for day in range(7):
        if day == 6:
            page.locator(f"#mode_{day}").select_option(label="By appointment only")
            continue
        page.locator(f"#mode_{day}").select_option(label="Open")
        page.locator(f"#opens_{day}").fill("09:00")
        page.locator(f"#closes_{day}").fill("13:00" if day == 5 else "17:30")
    axe_clean(page, "hours form")
    screenshot(page, "journey-hours-form")
    click_and_load(page.get_by_role("button", name="Save opening hours"))
    assert page.get_by_text("Opening hours for").is_visible()

    page.get_by_role("link", name="Access to").click()
    page.get_by_label("Step-free access from the street").select_option(label="Yes")
    page.get_by_label("An accessible toilet").select_option(label="Yes")
    page.get_by_label("Parking").fill("Two disabled bays at the front")
    page.get_by_label("Nearest station or bus stop").fill("Leeds station, 5 minutes' walk")
    axe_clean(page, "access form")
    click_and_load(page.get_by_role("button", name="Save access details"))
    assert page.get_by_text("Access details for").is_visible()

    page.goto(f"{base}/account/photos")
    form = page.locator("#profile form")
    form.locator("input[type=file]").set_input_files(str(_jpeg_with_exif(tmp_path / "me.jpg")))
    form.get_by_label("Describe the photo").fill(ALT)
    click_and_load(form.locator("button[type=submit]"))
    assert page.get_by_text("Your photo is saved.").is_visible()
    axe_clean(page, "photos")

    page.goto(f"{base}/account/clinics")
    page.get_by_role("link", name="Registration of").click()
    regulator = page.locator("section[aria-labelledby=regulator-title]")
    regulator.get_by_label("Registration or licence number").fill(CQC_NUMBER)
    evidence = tmp_path / "cqc-certificate.pdf"
    from directory.services.demo_evidence import pdf

    evidence.write_bytes(pdf([(18, "Care Quality Commission"), (14, CQC_NUMBER)]))
    regulator.locator("input[type=file]").set_input_files(str(evidence))
    axe_clean(page, "registration form")
    click_and_load(regulator.get_by_role("button", name="Send to be checked"))
    assert page.get_by_text("Sent: we will check it").is_visible()
    axe_clean(page, "registration sent")
    screenshot(page, "journey-registration-sent")


def _admin_checks_the_registration(page, base: str) -> None:  # type: ignore[no-untyped-def]
    from directory.services import accounts, profiles

    accounts.create_admin(ADMIN, PASSWORD)
    _sign_in(page, base, ADMIN)
    page.goto(f"{base}/admin/registrations")
    axe_clean(page, "registration queue")
    row = page.locator("tr", has_text=CQC_NUMBER)
    row.get_by_role("link", name="Review").click()
    axe_clean(page, "registration review")
    until = profiles.today() + timedelta(days=365)
    page.get_by_label("Valid until").fill(until.isoformat())
    page.get_by_label("What the register showed").fill("Registered location, address matches")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(f"{base}/admin/registrations")


def _search(page, base: str):  # type: ignore[no-untyped-def]
    """The search form on the home page, filled in and sent as a person would."""
    page.goto(base + "/")
    axe_clean(page, "home on a phone")
    page.get_by_label("Postcode or town").fill("LS1 4AP")
    page.get_by_label("Treatment", exact=True).select_option("mesotherapy")
    page.get_by_label("Most you would pay (£)").fill("160")
    page.get_by_label("Registered clinic (checked by us)").check()
    page.get_by_label("Step-free access").check()
    page.locator("form[role=search] button[type=submit]").first.click()
    page.wait_for_load_state("load")
    return page.locator("article.card", has_text=NAME)


def test_a_registered_step_free_clinic_is_found_on_a_phone(
    app, seeded, live_server, page_for, screenshot, tmp_path
):  # type: ignore[no-untyped-def]
    from directory.models import ClaimStatus
    from directory.services import opening_hours, profiles

    owner = make_account(OWNER)
    practitioner = make_practitioner(SLUG, owner)  # Leeds, mesotherapy from £150
    make_claim(
        practitioner, status=ClaimStatus.VERIFIED, expires_on=profiles.today() + timedelta(days=300)
    )

    _practitioner_adds_everything(page_for(), live_server, tmp_path, screenshot)
    _admin_checks_the_registration(page_for(), live_server)

    from directory import search

    search.apply_outbox()  # what the indexer process does within a second
    phone = page_for(width=390, height=844, is_mobile=True, has_touch=True)
    card = _search(phone, live_server)
    assert card.count() == 1, "the registered, step-free clinic is not in the results"
    assert "CQC registered" in card.inner_text()
    assert "Registered clinic" in phone.content()
    axe_clean(phone, "results on a phone")
    screenshot(phone, "journey-results-390")

    card.get_by_role("link", name=NAME).click()
    phone.wait_for_url(f"{live_server}/practitioners/{SLUG}*")
    photo = phone.get_by_role("img", name=ALT)
    assert photo.is_visible()
    assert photo.evaluate("i => i.complete && i.naturalWidth > 0")
    source = photo.evaluate("i => i.currentSrc")
    served = phone.request.get(source).body()
    assert served[8:12] == b"WEBP" and b"SecretCam" not in served and b"Rosa Vale" not in served
    today = phone.locator("tr.hours__today")
    assert today.count() == 1 and today.is_visible()
    day = opening_hours.today_index()
    assert "(today)" in today.inner_text()
    assert ("By appointment" if day == 6 else "9:00") in today.inner_text()
    registration = phone.locator("[data-registration=cqc]")
    assert "CQC registered" in registration.inner_text()
    assert "checked on" in registration.inner_text()
    assert "Step-free access" in phone.locator(".access").inner_text()
    axe_clean(phone, "profile on a phone")
    screenshot(phone, "journey-profile-390")
    screenshot(phone, "journey-profile-390-top", full_page=False)
