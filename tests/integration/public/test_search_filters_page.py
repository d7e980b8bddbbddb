"""The results page's newer filters (issue 16 item 5): several credentials from the
form's checkboxes, "comes to you", and price order offered only with a treatment."""

from __future__ import annotations

import re
from html import unescape

import pytest

pytestmark = pytest.mark.read_only


def _slugs(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title" id="result-([a-z0-9-]+)">', html)


def _total(html: str) -> int:
    return int(re.search(r'id="results-title">(?:\d+–\d+ of )?(\d+) practitioner', html).group(1))


def test_credential_checkboxes_mean_any_of_them_and_each_chip_removes_one(indexed, client):
    base = "/search?checked=any"
    jccp = client.get(f"{base}&accreditation=jccp").text
    both = client.get(f"{base}&accreditation=jccp&accreditation=save-face").text
    assert _total(both) > _total(jccp) > 0
    # Both boxes stay ticked, and both filters show as chips that remove just themselves.
    assert 'id="body-jccp" name="accreditation" value="jccp" checked' in both
    assert 'id="body-save-face" name="accreditation" value="save-face" checked' in both
    chips = dict(
        re.findall(r'<a class="chip" href="([^"]+)"><span>Checked by ([^<]+)</span>', both)
    )
    assert set(chips.values()) == {"JCCP", "Save Face"}
    without_jccp = next(unescape(h) for h, name in chips.items() if name == "JCCP")
    assert "accreditation=save-face" in without_jccp and "jccp" not in without_jccp
    assert _slugs(client.get(f"{base}&accreditation=save-face,jccp").text) == _slugs(both)


def test_price_order_is_offered_with_a_treatment_only(indexed, client):
    plain = client.get("/search?location=Leeds&radius=25").text
    assert "Lowest price first" not in plain
    meso = client.get("/search?location=SW1A+1AA&radius=50&treatment=mesotherapy&checked=any").text
    link = unescape(re.search(r'<a href="([^"]+)">Lowest price first</a>', meso).group(1))
    page = client.get(link).text
    assert "lowest price first" in page
    prices = [float(p) for p in re.findall(r"from £([\d.]+)</", page)]
    assert prices == sorted(prices) and len(prices) > 2
    # A link asking for price order without a treatment is explained, not a 500.
    refused = client.get("/search?location=Leeds&sort=price")
    assert refused.status_code == 400
    assert "Choose a treatment to sort by its price." in refused.text


def test_comes_to_you_switch_is_on_the_form_and_refuses_nonsense(indexed, client):
    page = client.get("/search?location=Leeds&radius=25&mobile=1")
    assert page.status_code == 200
    assert 'id="mobile" name="mobile" value="1" checked' in page.text
    # Every practitioner listed comes to Leeds: Leeds is within their travel radius.
    from directory.extensions import db
    from directory.geo.distance import haversine_miles
    from directory.models import Practitioner

    slugs = _slugs(page.text)
    assert slugs, "the demo data has practitioners who come to Leeds"
    for slug in slugs:
        p = db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
        assert p.travels and "comes to you" in page.text.lower()
        assert (
            haversine_miles(p.travel_latitude, p.travel_longitude, 53.7997, -1.5492)
            <= p.travel_miles + 1
        )
    bad = client.get("/search?location=Leeds&mobile=maybe")
    assert bad.status_code == 400 and "mobile=1" in bad.text
