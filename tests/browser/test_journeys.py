"""What a newcomer does on the site, in a real browser: search, read, open a profile."""

from __future__ import annotations

import re

import pytest
from clicks import click_and_load

pytestmark = pytest.mark.browser


def _distances(page) -> list[float]:  # type: ignore[no-untyped-def]
    """Each card's distance; one who comes to you (a home visit) is 0 miles away."""
    texts = page.locator(".result-list .distance").all_inner_texts()
    return [
        0.0
        if t.lower().startswith("comes to you")
        else 0.05
        if t.startswith("under")
        else float(t.split()[0])
        for t in texts
    ]


def _watch_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_search_by_postcode_then_open_a_profile_and_book(live_server, page_for, screenshot):
    page = page_for()
    errors = _watch_errors(page)
    page.goto(live_server + "/")
    screenshot(page, "home-desktop")
    page.get_by_label("Postcode or town").fill("sw1a1aa")
    page.get_by_role("combobox", name="Treatment").select_option("mesotherapy")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(re.compile(r"/search\?"))
    assert "lat=" not in page.url and "q=" not in page.url  # empty fields left out
    assert page.get_by_role("heading", level=1).inner_text().endswith("near SW1A 1AA")
    distances = _distances(page)
    assert distances and distances == sorted(distances) and distances[-1] <= 10
    assert page.locator(".result-list .badge--verified").count() > 0
    assert page.locator(".result-list .tag--demo").count() == len(distances)
    screenshot(page, "results-desktop")

    first = page.locator(".card__title a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/practitioners/"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.locator(".clinics .distance").first.inner_text().endswith("from SW1A 1AA")
    book = page.get_by_role("link", name=re.compile(r"^Book with"))
    assert book.get_attribute("href").startswith("https://")
    assert page.get_by_text("Demo listing").first.is_visible()
    screenshot(page, "profile-desktop")
    page.get_by_role("link", name="← Back to results").click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert errors == []


def test_bad_postcode_is_explained_and_kept(live_server, page_for, screenshot):
    page = page_for()
    page.goto(live_server + "/")
    page.get_by_label("Postcode or town").fill("XX1 1XX")
    page.get_by_label("Keyword", exact=False).fill("glow")
    click_and_load(page.get_by_role("button", name="Search"))
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    # Focus starts on the summary, so a screen reader reads it out first.
    assert summary.evaluate("el => el === document.activeElement")
    assert "not a UK postcode" in summary.inner_text()
    field = page.get_by_label("Postcode or town")
    assert field.input_value() == "XX1 1XX"
    assert field.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Keyword", exact=False).input_value() == "glow"
    screenshot(page, "bad-postcode")
    # The summary's link takes keyboard users to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#location"


def test_ambiguous_place_offers_choices_that_work(live_server, page_for, screenshot):
    page = page_for()
    page.goto(live_server + "/search?location=Woodford&treatment=mesotherapy")
    choices = page.locator("#did-you-mean + ul a")
    assert choices.count() >= 2
    screenshot(page, "ambiguous-place")
    label = choices.first.inner_text()
    choices.first.click()
    page.wait_for_load_state()
    assert "Woodford" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("combobox", name="Treatment").input_value() == "mesotherapy"
    assert label.startswith("Woodford")


def test_phone_width_is_readable_and_usable(live_server, page_for, screenshot):
    page = page_for(width=320, height=640, is_mobile=True, has_touch=True)
    page.goto(live_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "home-phone")
    screenshot(page, "home-phone-top", full_page=False)
    page.get_by_label("Postcode or town").fill("Leeds")
    page.get_by_label("Within").select_option("25")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert _distances(page) == sorted(_distances(page))
    screenshot(page, "results-phone")
    screenshot(page, "results-phone-top", full_page=False)
    page.locator(".card__title a").first.click()
    page.wait_for_url(re.compile(r"/practitioners/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "profile-phone")


def test_use_my_location(live_server, page_for, screenshot):
    page = page_for(
        geolocation={"latitude": 53.7997, "longitude": -1.5492}, permissions=["geolocation"]
    )
    page.goto(live_server + "/")
    button = page.get_by_role("button", name="Use my location")
    assert button.is_visible()
    button.click()
    page.wait_for_url(re.compile(r"lat=53\.8"))
    assert "your location" in page.get_by_role("heading", level=1).inner_text()
    assert _distances(page)[0] < 10


def test_without_javascript_the_extras_stay_hidden_and_search_works(
    live_server, page_for, screenshot
):
    page = page_for(java_script_enabled=False)
    page.goto(live_server + "/")
    assert not page.get_by_role("button", name="Use my location").is_visible()
    page.get_by_label("Postcode or town").fill("Leeds")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?"))
    assert not page.locator("[data-map-toggle]").is_visible()
    assert len(_distances(page)) > 0


def test_map_is_optional_and_survives_missing_tiles(live_server, page_for, screenshot):
    page = page_for()
    errors = _watch_errors(page)
    page.goto(live_server + "/search?location=Leeds&radius=25")
    assert page.locator(".leaflet-container").count() == 0  # nothing loaded until asked
    toggle = page.locator("[data-map-toggle]")
    assert toggle.inner_text() == "Show these results on a map"
    toggle.click()
    page.locator(".leaflet-container").wait_for()
    cards = page.locator(".result-list > li").count()
    assert page.locator("path.leaflet-interactive").count() == cards + 1  # + the searched place
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert toggle.get_attribute("aria-expanded") == "true" and toggle.inner_text() == "Hide map"
    screenshot(page, "results-map")
    assert errors == []


def test_keyboard_skip_link_and_visible_focus(live_server, page_for, screenshot):
    page = page_for()
    page.goto(live_server + "/treatments/mesotherapy")
    screenshot(page, "guide")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_error_page_is_in_the_site_layout(live_server, page_for, screenshot):
    page = page_for()
    response = page.goto(live_server + "/practitioners/nobody-here")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("link", name="Search for a practitioner").is_visible()
    screenshot(page, "error-404")
