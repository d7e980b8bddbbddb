"""An admin works a pending demo claim in headless Chromium: the badge then shows on the
public profile and in search."""

from __future__ import annotations

import pytest
from flask import Flask

PASSWORD = "correct horse battery staple"


def _pending_claim_to_approve() -> tuple[int, str, str, str, str]:
    """A pending claim of a published demo listing that shows no badge from that body."""
    from directory.extensions import db
    from directory.models import ClaimStatus, CredentialClaim, PublicationState
    from directory.services import profiles

    for claim in db.session.scalars(
        db.select(CredentialClaim)
        .where(CredentialClaim.status == ClaimStatus.PENDING)
        .order_by(CredentialClaim.submitted_at)
    ):
        p = claim.practitioner
        shown = {b.body.slug for b in profiles.current_badges(p)}
        if p.state is PublicationState.PUBLISHED and p.clinics and claim.body.slug not in shown:
            postcode = next(c.postcode for c in p.clinics if c.has_location)
            return claim.id, p.slug, claim.body.short_name, claim.body.slug, postcode
    raise AssertionError("the demo data has no pending claim to approve")


@pytest.mark.browser
def test_admin_approves_a_pending_claim_and_the_badge_goes_public(
    seeded: Flask, live_server, page_for, screenshot
):
    from directory import search
    from directory.services import accounts

    accounts.create_admin("checker@example.org", PASSWORD)
    claim_id, slug, body, body_slug, postcode = _pending_claim_to_approve()

    page = page_for()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server}/practitioners/{slug}")
    assert body not in page.locator("#credentials-title + *").inner_text()

    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("checker@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/admin/")
    screenshot(page, "admin-dashboard")
    page.get_by_role("link", name="Claims to verify").first.click()
    screenshot(page, "admin-queue")
    page.locator(f"#queue-claim-{claim_id}").get_by_role("link").click()
    page.wait_for_url(f"{live_server}/admin/claims/{claim_id}")
    assert page.get_by_label("Valid until").input_value()  # defaulted from the body
    screenshot(page, "admin-claim")
    page.get_by_label("What the register showed").fill("Listed as current, name matches")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(f"{live_server}/admin/claims")
    assert "Claim approved" in page.locator(".notice").first.inner_text()

    search.apply_outbox()  # what the indexer process does within a second
    page.goto(f"{live_server}/practitioners/{slug}")
    assert body in page.locator("section[aria-labelledby=credentials-title]").inner_text()
    page.goto(f"{live_server}/search?location={postcode}&radius=1")
    assert body in page.locator(f"article[aria-labelledby='result-{slug}']").inner_text()
    api = page.request.get(f"{live_server}/api/v1/practitioners/{slug}").json()
    assert body_slug in [c["body"] for c in api["credentials"]]  # the API agrees

    page.goto(f"{live_server}/admin/audit?action=claim.verified")
    assert "checker@example.org" in page.locator("table.audit").inner_text()
    assert refused == []
    phone = page_for(width=375, height=800, storage_state=page.context.storage_state())
    phone.goto(f"{live_server}/admin/claims/{claim_id}")
    screenshot(phone, "admin-claim-phone")
