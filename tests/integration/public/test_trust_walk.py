"""Every public practitioner of the demo data, on every public surface: no profession,
"Dr" or prescriber status is stated that no admin checked (issue 12, "Done when").

The facts are worked out here from the claims in plain words, independently of
``services.trust``: a claim counts while verified and unexpired; the profession is
checked by such a claim with a statutory regulator that registers it; a prescriber has
such a claim with the GMC (unless the admin recorded otherwise) or one the admin saw an
independent-prescriber annotation on.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

from directory import clock
from directory.extensions import db
from directory.models import ClaimStatus, Practitioner, PublicationState
from directory.web.formatting import profession_label


def _facts(p: Practitioner, today: date) -> tuple[bool, bool, bool]:
    """(checked, profession checked, prescriber)."""
    current = [
        c
        for c in p.claims
        if c.status is ClaimStatus.VERIFIED and (c.expires_on is None or c.expires_on >= today)
    ]
    regulator = [c for c in current if c.body.kind.value == "regulator"]
    profession = any(p.profession.value in c.body.professions for c in regulator)
    prescriber = any(
        (c.body.slug == "gmc" and c.prescriber is not False)
        or (c.body.slug != "gmc" and c.prescriber is True)
        for c in regulator
    )
    return bool(current), profession, prescriber


def _jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(unescape(found.group(1)))


def _head(html: str) -> str:
    """The profile's heading block: name, profession line, stated line, prescribing."""
    start = html.index('<div class="profile-head">')
    return unescape(html[start : html.index("</div>", start)])


def test_no_public_surface_states_what_nobody_checked(indexed, client):
    today = clock.today()
    people = list(
        db.session.scalars(db.select(Practitioner).filter_by(state=PublicationState.PUBLISHED))
    )
    facts = {p.slug: _facts(p, today) for p in people}
    # The demo mix has every case the rule distinguishes.
    assert sum(not f[0] for f in facts.values()) >= 3  # a few unchecked listings
    assert sum(f[0] and not f[1] for f in facts.values()) >= 3  # checked, profession not
    assert sum(f[2] for f in facts.values()) >= 20 and sum(f[1] for f in facts.values()) >= 200
    doctors_unchecked = 0
    for p in people:
        checked, profession, prescriber = facts[p.slug]
        label = profession_label(p.profession)
        page = client.get(f"/practitioners/{p.slug}")
        assert page.status_code == 200, p.slug
        head, data = _head(page.text), _jsonld(page.text)
        api = client.get(f"/api/v1/practitioners/{p.slug}").get_json()
        assert api["checked"] is checked and api["prescriber"] is prescriber, p.slug
        assert ("We have not checked this practitioner" in page.text) is not checked, p.slug
        assert ("Prescriber (checked on" in head) is prescriber, p.slug
        if profession:
            assert api["profession"] == p.profession.value and data["jobTitle"] == label
        else:
            assert api["profession"] is None and "jobTitle" not in data, p.slug
            assert f"<h1>{api['name']}</h1>" in head and not api["name"].startswith("Dr ")
            assert data.get("honorificPrefix") != "Dr" and not data["name"].startswith("Dr ")
            assert f">{label}" not in head, p.slug
            doctors_unchecked += p.title == "Dr"
    assert doctors_unchecked >= 1  # some "Dr" was really held back

    everyone, page_no = [], 1
    while True:
        data = client.get(
            "/api/v1/search", query_string={"checked": "any", "per_page": 100, "page": page_no}
        ).get_json()
        everyone += data["results"]
        if page_no * 100 >= data["total"]:
            break
        page_no += 1
    assert len(everyone) == len(people)
    seen_unchecked = False
    for result in everyone:
        checked, profession, prescriber = facts[result["slug"]]
        assert result["checked"] is checked and result["prescriber"] is prescriber
        assert (result["profession"] is not None) is profession, result["slug"]
        if not profession:
            assert not result["name"].startswith("Dr ")
        assert not (checked and seen_unchecked), "checked ones come first"
        seen_unchecked |= not checked

    html = unescape(
        client.get(
            "/search", query_string={"checked": "any", "location": "Leeds", "radius": "50"}
        ).text
    )
    points = json.loads(re.search(r'id="map-data">(.*?)</script>', html, re.S).group(1))
    by_name = {r["name"]: r for r in everyone}
    for point in points["results"]:
        assert point["checked"] is by_name[point["name"]]["checked"]
    for slug, card in re.findall(
        r'id="result-([^"]+)".*?</h3>\s*<p class="card__meta">(.*?)</p>', html, re.S
    ):
        if not facts[slug][1]:
            assert not any(
                profession_label(v) in card for v in ("doctor", "nurse", "dentist", "pharmacist")
            ), slug
