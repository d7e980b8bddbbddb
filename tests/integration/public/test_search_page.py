"""The results page: order, counts, filters, errors that keep what was typed."""

from __future__ import annotations

import re
from html import unescape

import pytest

from directory.extensions import db
from directory.models import Practitioner, PublicationState

from ._support import published_counts

# Every test here only reads: they share one indexed app (see tests/conftest.py).
pytestmark = pytest.mark.read_only

MESO_NEAR_PALACE = "/search?location=SW1A+1AA&treatment=mesotherapy"


def _distances(html: str) -> list[float]:
    found = re.findall(r'<span class="distance">(under 0.1|[\d.]+) miles?</span>', html)
    return [0.05 if d == "under 0.1" else float(d) for d in found]


def _slugs(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title" id="result-([a-z0-9-]+)">', html)


def test_postcode_search_lists_nearest_first_with_count_and_badges(indexed, client):
    page = client.get(MESO_NEAR_PALACE)
    assert page.status_code == 200
    html = page.text
    distances = _distances(html)
    assert distances and distances == sorted(distances)
    assert all(d <= 10 for d in distances)
    count = int(re.search(r"(\d+) practitioners? offering Mesotherapy", html).group(1))
    assert count >= len(distances) > 0
    assert "within 10 miles of SW1A 1AA" in html
    assert 'value="SW1A 1AA"' in html and '<option value="mesotherapy" selected>' in html
    assert "Demo listing" in html
    assert re.search(r"from £\d+", html)
    assert "checked " in html  # badge wording "JCCP registered · checked 3 Mar 2026"
    # Each card links to the profile, carrying the searched place for distances.
    first = _slugs(html)[0]
    link = re.search(rf'href="(/practitioners/{first}\?[^"]+)"', html).group(1)
    assert "lat=51.5" in link and "from=SW1A+1AA" in unescape(link)


def test_only_published_practitioners_appear(indexed, client):
    hidden = set(
        db.session.scalars(
            db.select(Practitioner.slug).where(Practitioner.state != PublicationState.PUBLISHED)
        )
    )
    shown = set()
    for n in range(1, 4):
        shown |= set(_slugs(client.get(f"/search?page={n}").text))
    assert shown and not shown & hidden


def test_no_location_lists_everyone_checked_with_pagination(indexed, client):
    checked, unchecked = published_counts()
    html = client.get("/search").text
    assert f"{checked} practitioners" in html
    assert f"{unchecked} more listings match" in html
    assert f"Include {unchecked} unchecked listings" in unescape(html)
    assert len(_slugs(html)) == 20
    assert 'rel="next"' in html and 'href="/search?page=2"' in html
    second = client.get("/search?page=2").text
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second
    assert set(_slugs(second)).isdisjoint(_slugs(html))


def test_active_filters_are_removable_one_by_one(indexed, client):
    html = unescape(client.get(MESO_NEAR_PALACE + "&q=glow&accreditation=jccp").text)
    chips = dict(re.findall(r'<a class="chip" href="([^"]+)"><span>([^<]+)</span>', html))
    by_label = {label: url for url, label in chips.items()}
    assert set(by_label) >= {
        "Near SW1A 1AA",
        "Treatment: Mesotherapy (face skin-booster meso)",
        "Keyword: glow",
        "Checked by JCCP",
    }
    assert "treatment=" not in by_label["Treatment: Mesotherapy (face skin-booster meso)"]
    assert (
        "q=glow" not in by_label["Keyword: glow"]
        and "treatment=mesotherapy" in by_label["Keyword: glow"]
    )
    assert "accreditation" not in by_label["Checked by JCCP"]
    assert client.get(by_label["Checked by JCCP"]).status_code == 200


def test_accreditation_filter_keeps_only_those_badges(indexed, client):
    html = client.get(MESO_NEAR_PALACE + "&radius=50&accreditation=jccp").text
    cards = html.split('<article class="card"')[1:]
    assert cards
    assert all("JCCP registered" in card for card in cards)


def test_everyday_treatment_word_is_understood(indexed, client):
    html = client.get("/search?location=Leeds&treatment=Botox&radius=25").text
    assert '<option value="anti-wrinkle-injections" selected>' in html
    assert "Anti-wrinkle injections" in html


def test_sorting_by_relevance_is_offered_for_typed_words_and_kept(indexed, client):
    assert "Most relevant" not in client.get(MESO_NEAR_PALACE).text
    html = unescape(client.get("/search?location=SW1A+1AA&q=glow&radius=25").text)
    assert "Nearest first" in html
    relevance = re.search(r'<a href="([^"]+sort=relevance[^"]*)">Most relevant</a>', html).group(1)
    page = client.get(relevance).text
    assert '<span aria-current="true">Most relevant</span>' in page
    assert 'name="sort" value="relevance"' in page


def test_bad_postcode_keeps_what_was_typed_and_says_why(indexed, client):
    page = client.get("/search?location=XX1+1XX&treatment=mesotherapy&q=glow")
    assert page.status_code == 400
    html = page.text
    assert "There is a problem" in html
    assert "is not a UK postcode" in unescape(html)
    assert 'value="XX1 1XX"' in html and 'aria-invalid="true"' in html
    assert '<option value="mesotherapy" selected>' in html and 'value="glow"' in html


def test_unknown_place_is_404_with_advice(indexed, client):
    page = client.get("/search?location=Atlantis")
    assert page.status_code == 404
    assert "couldn't find a place called" in unescape(page.text)
    assert 'value="Atlantis"' in page.text


def test_ambiguous_place_asks_did_you_mean_with_working_links(indexed, client):
    page = client.get("/search?location=Woodford&treatment=mesotherapy")
    assert page.status_code == 422
    html = unescape(page.text)
    assert "Did you mean:" in html
    links = re.findall(r'<li><a href="(/search\?[^"]+)">(Woodford, [^<]+)</a></li>', html)
    assert len(links) >= 2
    for url, _label in links:
        follow = client.get(url)
        assert follow.status_code == 200
        assert "treatment=mesotherapy" in url


def test_bad_radius_is_explained(indexed, client):
    page = client.get("/search?location=Leeds&radius=500")
    assert page.status_code == 400
    assert "Choose a distance up to 100 miles." in page.text
    page = client.get("/search?location=Leeds&radius=far")
    assert page.status_code == 400 and "Choose a distance in miles" in page.text


def test_empty_area_widens_honestly(indexed, client):
    html = unescape(client.get("/search?location=KW1&treatment=mesotherapy&radius=1").text)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert re.search(
        r"No one offering Mesotherapy \(face skin-booster meso\) within 1 mile of KW1[^.]*"
        r"Here (is|are) the nearest \d+, within \d+ miles\. Check how far they are",
        text,
    )
    distances = _distances(html)
    assert distances and min(distances) > 1 and distances == sorted(distances)
    # The radius asked for stays chosen, so changing the search starts from it.
    assert '<option value="1" selected>' in html


def test_summary_says_how_results_are_ordered(indexed, client):
    html = unescape(client.get(MESO_NEAR_PALACE).text)
    assert re.search(r"within 10 miles of SW1A 1AA, nearest first</h2>", html)
    assert re.search(r"\d+ practitioners, by name</h2>", client.get("/search").text)


def test_a_page_past_the_last_says_so_and_links_back(indexed, client):
    html = unescape(client.get(MESO_NEAR_PALACE + "&page=9").text)
    assert "There is no page 9: these results end on page 1." in html
    assert 'href="/search?location=SW1A+1AA&treatment=mesotherapy">Go to the last page' in html
    assert "Nobody matches all of that" not in html


def test_an_impossible_radius_falls_back_to_the_default_choice(indexed, client):
    html = client.get("/search?location=Leeds&radius=500").text
    assert '<option value="10" selected>' in html
    assert '<option value="1" selected>' not in html


def test_clinic_town_is_not_repeated_after_a_clinic_named_for_it(indexed, client):
    html = client.get(MESO_NEAR_PALACE).text
    metas = re.findall(r'<p class="card__meta">([^<]+)</p>', html)
    assert metas and not any(m.endswith("London, London") for m in metas)


def test_coordinates_search_near_my_location(indexed, client):
    html = client.get("/search?lat=53.7997&lon=-1.5492&radius=5").text
    assert "near your location" in html
    assert "Searching near your location." in html
    distances = _distances(html)
    assert distances == sorted(distances) and distances[0] < 5


def test_a_typed_place_wins_over_remembered_coordinates(indexed, client):
    html = client.get("/search?location=SW1A+1AA&lat=53.7997&lon=-1.5492").text
    assert "of SW1A 1AA" in html


def test_map_data_lists_the_cards_with_coordinates(indexed, client):
    html = client.get(MESO_NEAR_PALACE).text
    assert 'data-leaflet-js="/static/vendor/leaflet-1.9.4/leaflet.js"' in html
    data = re.search(
        r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S
    ).group(1)
    import json

    points = json.loads(data)
    assert points["origin"]["label"] == "SW1A 1AA"
    assert len(points["results"]) == len(_slugs(html))


def test_nothing_found_says_what_to_try(indexed, client):
    page = client.get("/search?location=Leeds&q=zzqqxxyy")
    assert page.status_code == 200
    html = " ".join(page.text.split())
    assert "No practitioners within 10 miles of Leeds, England" in html
    assert "Nobody matches all of that. Try removing a filter above, other words" in html
    assert 'class="result-list"' not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("accreditation=nobody", "There is no accreditation body 'nobody'."),
        ("profession=vet", "'vet' is not a profession we list."),
        ("sort=cost", "Sort by one of"),
        ("sort=price", "Choose a treatment to sort by its price."),
        ("page=x", "Page numbers are whole numbers"),
    ],
)
def test_a_bad_filter_from_a_link_is_dropped_not_blamed_on_the_place(
    indexed, client, query, message
):
    page = client.get(f"/search?location=Leeds&q=glow&{query}")
    assert page.status_code == 400
    html = unescape(page.text)
    assert message in html
    assert 'aria-invalid="true"' not in html  # nothing the visitor typed is at fault
    name, value = query.split("=")
    assert f'name="{name}" value="{value}"' not in html  # so the form can search again
    retry = re.search(r'<a href="([^"]+)">Search again without it</a>', html).group(1)
    assert f"{name}=" not in retry and "q=glow" in retry
    assert client.get(retry).status_code == 200


def test_a_broken_position_asks_for_a_place(indexed, client):
    page = client.get("/search?lat=north&lon=west")
    assert page.status_code == 400
    html = unescape(page.text)
    assert "We could not use your location. Type a postcode or town instead." in html
    assert 'value="north"' not in html and 'aria-invalid="true"' in html
