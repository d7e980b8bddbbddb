"""The Content Security Policy blocks nothing the site itself needs."""

from __future__ import annotations

import pytest


@pytest.mark.browser
def test_no_page_breaks_the_policy(live_server, page_for):
    page = page_for()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    for path in (
        "/",
        "/search?location=LS1+4AP&radius=25&treatment=mesotherapy",
        "/treatments/mesotherapy",
        "/how-we-verify",
        "/accreditation-bodies",
        "/sign-up",
        "/sign-in",
        "/no-such-page",
    ):
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("load")
    href = page.goto(f"{live_server}/search?location=LS1+4AP&radius=25")
    assert href is not None and href.ok
    page.get_by_role("button", name="Show these results on a map").click()
    page.locator(".leaflet-marker-icon, .leaflet-interactive").first.wait_for()
    first = page.locator("article.card h3 a").first.get_attribute("href")
    page.goto(f"{live_server}{first}")
    page.wait_for_load_state("load")
    assert refused == []
