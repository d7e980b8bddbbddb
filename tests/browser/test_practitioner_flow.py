"""The issue's "done when", in headless Chromium over real HTTP: create an account, verify
the email, build a profile with two clinics and five treatments, claim JCCP membership
with evidence, publish, and find the profile through the public search page.

The server indexes in-process (``SEARCH_INLINE_INDEXING``), as ``make run`` does, so
search must catch up by itself, within a second or two.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from clicks import click_and_load
from flask import Flask

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CLINICS = [
    ("Leeds Skin Studio", "1 Park Row", "Leeds", "LS1 5AB"),
    ("Harrogate Clinic", "2 Station Parade", "Harrogate", "HG1 1ST"),
]
TREATMENTS = {
    "Mesotherapy (face skin-booster meso)": "150",
    "Skin boosters (Profhilo and similar)": "180",
    "Anti-wrinkle injections (botulinum toxin)": "199",
    "Dermal fillers": "250",
    "Microneedling (collagen induction)": "120.50",
}


@pytest.fixture
def app(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The shared test app, serving as ``make run`` does: mail to a folder, and the
    search outbox applied by the in-process indexer."""
    from directory.search import inline

    app.config.update(
        MAIL_BACKEND="file", MAIL_DIR=str(tmp_path / "mail"), SEARCH_INLINE_INDEXING=True
    )
    inline.init_app(app)  # hooks the indexer to the first request, as create_app would
    yield app
    inline.stop_inline(app)


def _last_link(folder: Path, base: str) -> str:
    newest = sorted(folder.glob("*.eml"))[-1]
    body = message_from_bytes(newest.read_bytes(), policy=policy.default).get_content()
    match = re.search(r"https?://\S+", body)
    assert match, body
    return re.sub(r"^https?://[^/]+", base, match.group(0))


def _option(page, select: str, starts: str) -> None:  # type: ignore[no-untyped-def]
    """Choose the option of ``select`` (a label) whose text starts with ``starts``."""
    field = page.get_by_label(select, exact=True)
    texts = field.locator("option").all_inner_texts()
    field.select_option(index=next(i for i, t in enumerate(texts) if t.startswith(starts)))


def _fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    # After a click the next page may still be arriving; measured before its
    # stylesheets apply, unstyled form fields overflow (seen once in CI, under load).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_sign_up_build_profile_claim_publish_and_find(app, live_server, page_for, tmp_path):  # type: ignore[no-untyped-def]
    page = page_for()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(f"{live_server}/sign-up")
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("I accept the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Confirm your email address").wait_for()
    page.goto(_last_link(tmp_path / "mail", live_server))
    assert "your email address is confirmed" in page.locator(".notice").first.inner_text()
    page.get_by_role("link", name="Create your profile").click()

    page.get_by_label("Name shown on your profile").fill("Amira Shah")
    page.get_by_label("Profession").select_option("nurse")
    _option(page, "Statutory regulator", "NMC")
    page.get_by_label("Registration number or PIN").fill("12a3456e")
    page.get_by_label("Introduction").fill("Aesthetic nurse prescriber in Leeds and Harrogate.")
    page.get_by_label("Phone").fill("0113 496 0000")
    page.get_by_label("Online booking link").fill("https://book.example.org/amira")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved.").wait_for()

    page.get_by_role("link", name="Clinics", exact=True).click()
    for name, line1, town, postcode in CLINICS:
        page.get_by_role("link", name="Add a clinic").click()
        page.get_by_label("Clinic name").fill(name)
        page.get_by_label("Address line 1").fill(line1)
        page.get_by_label("Town or city").fill(town)
        page.get_by_label("Postcode").fill(postcode)
        page.get_by_role("button", name="Save clinic").click()
        page.get_by_text(f"{name} is saved.").wait_for()
    assert page.locator(".clinic").count() == 2
    assert page.locator(".clinic .notice--error").count() == 0  # both placed on the map

    for treatment, price in TREATMENTS.items():
        page.get_by_role("link", name="Add a treatment").click()
        page.get_by_label("Treatment").select_option(label=treatment)
        page.get_by_label("Price from (£)").fill(price)
        page.get_by_role("button", name="Save treatment").click()
        page.get_by_text("Your treatments are saved.").wait_for()
    assert page.locator(".offer").count() == 5
    assert "from £120.50" in page.locator(".offer", has_text="Microneedling (").inner_text()

    page.goto(f"{live_server}/account/claims")
    _option(page, "Register, society or regulator", "JCCP")
    page.get_by_label("Membership or registration number").fill("JCCP12345")
    evidence = tmp_path / "certificate.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="Submit claim").click()
    page.get_by_text("Your claim is submitted.").wait_for()
    claim = page.locator(".claim").first
    assert claim.locator(".claim-status").get_attribute("data-status") == "pending"
    assert "Waiting to be checked" in claim.inner_text()

    page.goto(f"{live_server}/account/preview")
    assert (
        page.get_by_role("heading", name="Ms Amira Shah")
        .or_(page.get_by_role("heading", name="Amira Shah"))
        .is_visible()
    )
    assert page.locator(".offers li").count() == 5

    page.goto(f"{live_server}/account/")
    click_and_load(page.get_by_role("button", name="Publish your profile"))
    assert page.locator("#profile-state").get_attribute("data-state") == "published"

    # The public's way in: the search form on the home page, with nobody indexing by hand.
    deadline = time.monotonic() + 5
    while True:
        page.goto(f"{live_server}/")
        page.get_by_label("Postcode or town").fill("LS1 5AB")
        page.get_by_role("combobox", name="Treatment").select_option("mesotherapy")
        page.get_by_label("Keyword", exact=False).fill("Amira Shah")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search\?"))
        # Nothing about a fresh sign-up is checked yet: left out, but counted and
        # offered (issue 12); including the unchecked ones shows it, labelled.
        include = page.locator("[data-unchecked-toggle]")
        if include.count() or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert page.locator(".card__title a", has_text="Amira Shah").count() == 0
    assert "1 more listing match" in page.locator("[data-unchecked]").inner_text()
    include.click()
    page.wait_for_url(re.compile(r"checked=any"))
    found = page.locator(".card__title a", has_text="Amira Shah")
    assert found.count() == 1, "the published profile did not reach search"
    card = page.locator("article.card", has=found)
    assert "Not checked" in card.inner_text() and "Nurse" not in card.inner_text()
    found.click()
    page.wait_for_url(re.compile(r"/practitioners/"))
    page.get_by_role("heading", name="Amira Shah").wait_for()
    body = page.locator("main").inner_text()
    assert "Leeds Skin Studio" in body and "Harrogate Clinic" in body
    assert all(name in body for name in TREATMENTS)
    assert "Says they are a nurse; we have not checked this yet" in body
    _an_admin_checks_the_registration(page_for, live_server, "Amira Shah")
    assert errors == []


def _an_admin_checks_the_registration(page_for, live_server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """The NMC entry the profile gave is approved through the admin pages; from then on
    the listing is in the default results as a nurse, on the page, the map and the API."""
    from directory.services import accounts

    accounts.create_admin("checker@example.org", PASSWORD)
    admin = page_for()
    admin.goto(f"{live_server}/sign-in")
    admin.get_by_label("Email address").fill("checker@example.org")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(f"{live_server}/admin/")
    admin.goto(f"{live_server}/admin/claims?body=nmc")
    admin.locator("tr", has_text=name).get_by_role("link").click()
    assert admin.locator("#claim-number").inner_text() == "12A3456E"
    admin.get_by_label("What the register showed").fill("Registered nurse, name matches")
    admin.get_by_role("button", name="Approve").click()
    admin.wait_for_url(f"{live_server}/admin/claims")

    public = page_for()
    query = "location=LS1+5AB&treatment=mesotherapy&q=Amira+Shah"
    deadline = time.monotonic() + 5
    while True:
        public.goto(f"{live_server}/search?{query}")
        found = public.locator(".card__title a", has_text=name)
        if found.count() or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    assert found.count() == 1, "the checked listing is not in the default results"
    card = public.locator("article.card", has=found).inner_text()
    assert "Nurse" in card and "Not checked" not in card
    points = json.loads(public.locator("#map-data").text_content() or "{}")["results"]
    assert [(p["name"], p["checked"]) for p in points] == [(name, True)]
    api = public.request.get(f"{live_server}/api/v1/search?{query}").json()
    assert [(r["name"], r["profession"], r["checked"]) for r in api["results"]] == [
        (name, "nurse", True)
    ]


def test_account_pages_fit_a_phone(app, live_server, page_for, tmp_path):  # type: ignore[no-untyped-def]
    page = page_for(width=375, height=812, is_mobile=True, has_touch=True)
    for path in ("/sign-up", "/sign-in", "/reset-password"):
        page.goto(live_server + path)
        _fits(page, 375)
    page.goto(f"{live_server}/sign-up")
    click_and_load(page.get_by_role("button", name="Create account"))
    _fits(page, 375)
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Email address").fill("jo@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("I accept the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    page.goto(_last_link(tmp_path / "mail", live_server))
    _fits(page, 375)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm my email address").click()
    for path in ("/account/", "/account/profile", "/account/settings", "/account/listing?q=Sha"):
        page.goto(live_server + path)
        _fits(page, 375)
