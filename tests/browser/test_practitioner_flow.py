"""Sign-up to published profile with a JCCP claim, in headless Chromium over real HTTP."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def wired(app: Flask, tmp_path: Path) -> Path:
    """A mail folder of this test's own, to read the verification link from."""
    app.config.update(MAIL_BACKEND="file", MAIL_DIR=str(tmp_path / "mail"))
    return tmp_path / "mail"


def _id(kind: str, slug: str) -> str:
    from directory.extensions import db
    from directory.models import AccreditationBody, Treatment

    model = AccreditationBody if kind == "body" else Treatment
    return str(db.session.scalar(db.select(model.id).filter_by(slug=slug)))


def _practitioner_id(slug: str) -> int:
    from directory.extensions import db
    from directory.models import Practitioner

    return db.session.scalar(db.select(Practitioner.id).filter_by(slug=slug))


def _last_link(folder: Path) -> str:
    newest = sorted(folder.glob("*.eml"))[-1]
    body = message_from_bytes(newest.read_bytes(), policy=policy.default).get_content()
    match = re.search(r"https?://\S+", body)
    assert match, body
    return match.group(0)


@pytest.mark.browser
def test_sign_up_build_profile_and_claim(wired, live_server, page_for, tmp_path):
    page = page_for()
    page.goto(f"{live_server}/sign-up")
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password (at least 12 characters)").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Confirm your email address").wait_for()
    link = _last_link(wired).replace("http://localhost", live_server)
    page.goto(re.sub(r"^http://[^/]+", live_server, link))
    page.get_by_role("link", name="Create your profile").click()

    page.get_by_label("Name shown on your profile").fill("Amira Shah")
    page.get_by_label("Profession").select_option("nurse")
    page.get_by_label("Statutory regulator").select_option(value=_id("body", "nmc"))
    page.get_by_label("Registration number or PIN").fill("12A3456E")
    page.get_by_label("About you").fill("Aesthetic nurse in Leeds.")
    page.get_by_role("button", name="Save profile").click()

    page.get_by_role("link", name="Clinics and treatments").click()
    page.get_by_role("link", name="Add a clinic").click()
    page.get_by_label("Clinic name").fill("Leeds Skin Studio")
    page.get_by_label("Postcode").fill("LS1 5AB")
    page.get_by_role("button", name="Save clinic").click()
    page.get_by_role("link", name="Add a treatment").click()
    page.get_by_label("Treatment").select_option(value=_id("treatment", "mesotherapy"))
    page.get_by_label("Price from (£)").fill("150")
    page.get_by_role("button", name="Save treatment").click()
    page.get_by_role("cell", name="£150").wait_for()

    page.goto(f"{live_server}/account/claims")
    page.get_by_label("Register, society or regulator").select_option(value=_id("body", "jccp"))
    page.get_by_label("Membership or registration number").fill("JCCP12345")
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Evidence (PDF, JPEG or PNG, at most 5 MB)").set_input_files(str(evidence))
    page.get_by_role("button", name="Submit claim").click()
    assert page.locator(".claim-status").first.inner_text() == "pending"
    shots = Path(__file__).resolve().parent / "screenshots"  # git-ignored
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "practitioner-claims.png"), full_page=True)

    page.goto(f"{live_server}/account/")
    page.get_by_role("button", name="Publish your profile").click()
    assert page.locator("#profile-state").inner_text() == "published"
    page.get_by_role("link", name="See your public page").click()
    page.get_by_role("heading", name="Amira Shah").wait_for()

    # The outbox row written with the change is applied, as the indexer process does.
    from directory import search

    search.apply_outbox()
    found = search.search(search.SearchQuery(text="Amira Shah", treatment="mesotherapy"))
    slug = page.url.rsplit("/", 1)[-1]
    assert _practitioner_id(slug) in {hit.practitioner_id for hit in found.hits}
