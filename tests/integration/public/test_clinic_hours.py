"""Opening hours on the profile, in JSON-LD and the API, and the "open at weekends"
search switch on the results page and in the API (issue 16)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time

from directory import search
from directory.clock import UK_TIME
from directory.extensions import db
from directory.models import OpeningHours
from directory.services import opening_hours, outbox

from ._support import published_with_badges


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def _open_all_week_but_sunday():
    p = published_with_badges()
    clinic = p.clinics[0]
    clinic.hours.clear()  # the demo's own week goes first (one row per day)
    db.session.flush()
    clinic.hours = [OpeningHours(weekday=d, opens=time(9), closes=time(17, 30)) for d in range(5)]
    clinic.hours.append(OpeningHours(weekday=5, by_appointment=True))
    outbox.mark_practitioner(p.id)
    db.session.commit()
    search.apply_outbox()
    return p


def test_the_profile_shows_the_week_with_today_highlighted(indexed, client):
    p = _open_all_week_but_sunday()
    html = client.get(f"/practitioners/{p.slug}").text
    today = opening_hours.today_index()
    assert "<caption>Opening hours</caption>" in html
    assert "9:00 to 17:30" in html and "By appointment" in html
    if today == 6:
        assert "Closed today." in html
    else:
        row = re.search(
            r'<tr class="hours__today">\s*<th scope="row">(\w+) <strong>\(today\)', html
        )
        assert row and row.group(1) == datetime.now(UK_TIME).strftime("%A")
    specs = _jsonld(html)["workLocation"][0]["openingHoursSpecification"]
    assert specs[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "17:30",
    }
    assert len(specs) == 5  # Saturday is by appointment: no times to give
    api = client.get(f"/api/v1/practitioners/{p.slug}").get_json()
    assert api["clinics"][0]["opening_hours"][-1] == {
        "day": "saturday",
        "opens": None,
        "closes": None,
        "by_appointment": True,
    }


def test_today_is_the_uk_day():
    # 23:30 UTC on a Saturday in summer is already Sunday in London.
    saturday_night = datetime(2026, 6, 6, 23, 30, tzinfo=UTC)
    assert opening_hours.today_index(saturday_night) == 6


def _all_slugs(client, **args) -> list[str]:
    """Every result of an API search, page by page."""
    slugs, page = [], 1
    while True:
        body = client.get(
            "/api/v1/search", query_string={**args, "per_page": "100", "page": str(page)}
        ).get_json()
        slugs += [r["slug"] for r in body["results"]]
        if len(slugs) >= body["total"]:
            return slugs
        page += 1


def test_weekends_switch_on_the_page_and_in_the_api(indexed, client):
    from directory.models import Practitioner, PublicationState

    p = _open_all_week_but_sunday()
    # The demo data opens some clinics at weekends: exactly their practitioners match.
    weekend = {
        q.slug
        for q in db.session.scalars(
            db.select(Practitioner).filter_by(state=PublicationState.PUBLISHED)
        )
        if any(opening_hours.open_at_weekends(c.hours) for c in q.clinics)
    }
    assert p.slug in weekend
    found = _all_slugs(client, weekends="1", checked="any")
    assert sorted(found) == sorted(weekend)
    every = client.get("/api/v1/search", query_string={"checked": "any"}).get_json()
    assert len(weekend) < every["total"]
    assert every["facets"]["clinic"]["weekends"] == len(weekend)
    page = client.get("/search", query_string={"weekends": "yes", "q": p.display_name})
    assert page.status_code == 200
    assert f'id="result-{p.slug}"' in page.text and "Open at weekends" in page.text
    assert 'name="weekends" value="1" checked' in page.text
    bad = client.get("/api/v1/search", query_string={"weekends": "sometimes"})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["code"] == "invalid_weekends"
    assert bad.get_json()["error"]["field"] == "weekends"
    assert client.get("/search", query_string={"weekends": "sometimes"}).status_code == 400


def test_access_languages_and_fee_on_the_profile_api_and_json_ld(indexed, client):
    from directory.models import ConsultationFee

    p = published_with_badges()
    p.clinics[0].step_free, p.clinics[0].accessible_toilet = True, None
    p.clinics[0].nearest_station = "Leeds station"
    p.languages, p.consultation, p.consultation_fee_pence = ["ur"], ConsultationFee.DEDUCTED, 2500
    outbox.mark_practitioner(p.id)
    db.session.commit()
    search.apply_outbox()
    html = client.get(f"/practitioners/{p.slug}").text
    assert "<li>Step-free access</li>" in html and "Nearest station: Leeds station" in html
    assert "toilet" not in html  # not said, so not shown either way
    assert "English, Urdu" in html
    assert "£25, taken off the price of a treatment you book" in html
    assert _jsonld(html)["knowsLanguage"] == ["en", "ur"]
    api = client.get(f"/api/v1/practitioners/{p.slug}").get_json()
    assert api["languages"] == ["ur"]
    assert api["consultation"] == {"kind": "deducted", "fee_gbp": 25.0}
    assert api["clinics"][0]["step_free"] is True
    assert api["clinics"][0]["accessible_toilet"] is None
    from directory.models import Practitioner

    hits = _all_slugs(client, language="ur", step_free="1")
    assert p.slug in hits
    for slug in hits:  # some demo practitioners speak Urdu at a step-free clinic too
        found = db.session.scalar(db.select(Practitioner).filter_by(slug=slug))
        assert "ur" in found.languages and any(c.step_free for c in found.clinics)
    page = client.get(
        "/search", query_string={"language": "ur", "step_free": "on", "q": p.display_name}
    ).text
    assert "Speaks Urdu" in page and f'id="result-{p.slug}"' in page
    bad = client.get("/api/v1/search", query_string={"language": "klingon"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "language"
    assert client.get("/search", query_string={"language": "klingon"}).status_code == 400


def test_the_summary_says_which_results_a_page_shows(indexed, client):
    total = client.get("/api/v1/search").get_json()["total"]
    assert total > 40  # the demo data fills several pages
    html = client.get("/search", query_string={"page": "2"}).text
    assert f"21–40 of {total} practitioners, by name</h2>" in html
    assert f"1–20 of {total} practitioners" in client.get("/search").text


def test_price_cap_in_the_api_and_its_errors(indexed, client):
    meso = {"treatment": "mesotherapy", "per_page": "100"}
    every = client.get("/api/v1/search", query_string=meso).get_json()["results"]
    capped = client.get("/api/v1/search", query_string=meso | {"max_price": "£150"}).get_json()
    prices = [
        t["price_from_gbp"]
        for r in capped["results"]
        for t in r["treatments"]
        if t["slug"] == "mesotherapy"
    ]
    assert prices and all(p is not None and p <= 150 for p in prices)
    assert len(capped["results"]) < len(every)
    for bad in ({"max_price": "cheap"}, {"max_price": "-5"}, {"max_price": "150", "treatment": ""}):
        response = client.get("/api/v1/search", query_string=meso | bad)
        assert response.status_code == 400, bad
        assert response.get_json()["error"]["code"] == "invalid_max_price"
        assert response.get_json()["error"]["field"] == "max_price"
    page = client.get("/search", query_string={"treatment": "mesotherapy", "max_price": "150"})
    assert page.status_code == 200 and "Up to £150" in page.text
