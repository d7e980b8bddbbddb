"""The results map shows place labels as text: a name from the online geocoder (the
network edge, faked here) that contains markup is shown, never parsed."""

from __future__ import annotations

from typing import Any

import pytest
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

pytestmark = pytest.mark.browser

LABEL = '<img src="/static/x.png" id="injected">Hamlet'


class MarkupGeocoder(Geocoder):
    """An online geocoder whose only answer is a place name containing markup."""

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL, **kw: Any
    ) -> Location | None:
        return Location(LABEL, (53.7965, -1.5479), {})


def test_the_searched_place_label_is_text_on_the_map(seeded, live_server, page_for):
    seeded.config.update(GEOCODER_ONLINE=MarkupGeocoder(), GEOCODER_MIN_DELAY=0.0)
    page = page_for()
    page.goto(live_server + "/search?location=Zzqx+Nowhere&radius=25")
    page.locator("[data-map-toggle]").click()
    page.locator(".leaflet-container").wait_for()
    # Result markers may cover it: send the pointer event to the searched place itself.
    page.locator("path.leaflet-interactive").first.dispatch_event("mouseover")
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "<img" in tooltip.inner_text()
    assert page.locator("#injected").count() == 0
