"""The privacy notice, terms, cookie statement, accessibility statement and contact page:
reachable from every page, and true to what the code does."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from factories import checked_practitioner, sign_in

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Concern, ConcernStatus, Enquiry
from directory.services import retention

PAGES = {
    "/privacy": "Privacy notice",
    "/terms": "Terms of use",
    "/cookies": "Cookies",
    "/accessibility": "Accessibility statement",
    "/contact": "Contact us",
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_and_is_in_the_footer(app, path):
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200
    assert f"<h1>{PAGES[path]}</h1>" in page.text
    footer = client.get("/treatments").text.split("<footer", 1)[1]
    assert f'href="{path}"' in footer


def test_privacy_notice_quotes_the_periods_the_deletes_enforce(app):
    # Unusual values, so a figure typed into the template could not pass.
    app.config.update(ENQUIRY_RETENTION_DAYS=123, CONCERN_RETENTION_DAYS=456)
    page = app.test_client().get("/privacy").text
    quoted = {
        kind: int(days) for kind, days in re.findall(r'data-retention="(\w+)">(\d+)</span>', page)
    }
    assert quoted == {"enquiry": 123, "concern": 456}

    p = checked_practitioner("retained")
    now = utcnow()
    just_past = timedelta(days=quoted["enquiry"], minutes=1)
    not_yet = timedelta(days=quoted["enquiry"], minutes=-1)
    db.session.add_all(
        [
            Enquiry(
                practitioner=p,
                name="Old",
                email="o@example.org",
                message="m" * 20,
                created_at=now - just_past,
            ),
            Enquiry(
                practitioner=p,
                name="New",
                email="n@example.org",
                message="m" * 20,
                created_at=now - not_yet,
            ),
            Concern(
                practitioner=p,
                reason="details",
                details="d" * 20,
                status=ConcernStatus.CLOSED,
                closed_at=now - timedelta(days=quoted["concern"], minutes=1),
            ),
            Concern(
                practitioner=p,
                reason="details",
                details="e" * 20,
                status=ConcernStatus.CLOSED,
                closed_at=now - timedelta(days=quoted["concern"], minutes=-1),
            ),
        ]
    )
    db.session.commit()
    assert retention.run(now) == retention.RetentionReport(enquiries=1, concerns=1)
    assert [e.name for e in db.session.scalars(db.select(Enquiry))] == ["New"]
    assert [c.details[0] for c in db.session.scalars(db.select(Concern))] == ["e"]


def test_the_cookie_statement_lists_every_cookie_the_site_sets(app):
    statement = app.test_client().get("/cookies").text
    listed = set(re.findall(r"<td><code>([^<]+)</code></td>", statement))
    p = checked_practitioner("cookie-jar")
    client = app.test_client()
    set_names: set[str] = set()

    def collect(response):  # type: ignore[no-untyped-def]
        for header in response.headers.getlist("Set-Cookie"):
            if "Max-Age=0" not in header:  # a deletion stores nothing
                set_names.add(header.split("=", 1)[0])
        return response

    collect(client.get("/"))
    collect(client.get(f"/practitioners/{p.slug}"))
    collect(
        client.post(
            f"/practitioners/{p.slug}/concern",
            data={"reason": "harm", "details": "It hurts a lot since Monday."},
        )
    )
    collect(client.get("/sign-in"))
    sign_in(client, "owner@example.org")
    collect(client.get("/account/"))
    assert set_names and set_names <= listed, (set_names, listed)


def test_contact_page_gives_the_configured_address(app):
    app.config["CONTACT_EMAIL"] = "help@clinic-finder.example"
    page = app.test_client().get("/contact").text
    assert 'href="mailto:help@clinic-finder.example"' in page


def test_forms_that_collect_data_link_to_the_privacy_notice(app):
    p = checked_practitioner("linked")
    page = app.test_client().get(f"/practitioners/{p.slug}").text
    assert page.count('href="/privacy#') >= 2  # at the concern form and the message form


def test_the_evidence_upload_links_to_the_privacy_notice(app):
    checked_practitioner("uploader")
    client = sign_in(app.test_client(), "owner@example.org")
    page = client.get("/account/claims").text
    assert 'href="/privacy#practitioners"' in page.split("<main", 1)[1].split("<footer", 1)[0]


def test_privacy_notice_names_the_online_geocoder_only_when_one_is_used(app):
    assert "online service" not in app.test_client().get("/privacy").text
    app.config["GEOCODER_ONLINE"] = "nominatim"
    assert re.search(r"online service\s+\(Nominatim\)", app.test_client().get("/privacy").text)
