"""The public pages that need no search: home, guides, bodies, how we verify, errors."""

from __future__ import annotations

import re

from directory.extensions import db
from directory.models import AccreditationBody, Treatment


def test_home_has_one_labelled_search_form_usable_without_javascript(seeded, client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="en-GB">' in html
    assert '<meta name="viewport"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert html.count("<form") == 1
    assert 'action="/search" method="get"' in html
    for field in ("location", "treatment", "radius", "q"):
        assert f'<label for="{field}">' in html or f'<label for="{field}">' in html.replace(
            "\n", ""
        )
        assert f'id="{field}"' in html
    # The radius choices, default 10 selected.
    radii = re.findall(r'<option value="(\d+)"( selected)?>\d+ miles?</option>', html)
    assert [int(r) for r, _ in radii] == [1, 3, 5, 10, 25, 50]
    assert [r for r, sel in radii if sel] == ["10"]
    # Every treatment is offered; "use my location" is hidden until JavaScript shows it.
    treatments = db.session.scalars(db.select(Treatment.slug)).all()
    assert all(f'<option value="{slug}"' in html for slug in treatments)
    assert re.search(r'<div class="geo" data-geo hidden>', html)
    assert 'src="/static/site.js" defer' in html


def test_demo_notice_shows_only_when_demo_data_is_loaded(app, client):
    assert "Demo data:" not in client.get("/treatments").text
    from pathlib import Path

    from directory.services import seed

    seed.load_reference_data(Path(app.config["SEED_DATA_DIR"]))
    seed.load_demo(Path(app.config["SEED_DATA_DIR"]))
    app.extensions.pop("public.demo_loaded")  # the answer is cached for half a minute
    assert "Demo data:" in client.get("/treatments").text


def test_treatment_index_lists_every_guide(seeded, client):
    html = client.get("/treatments").text
    for treatment in db.session.scalars(db.select(Treatment)):
        assert f'href="/treatments/{treatment.slug}"' in html


def test_guide_states_the_facts_and_presets_the_search(seeded, client):
    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    page = client.get("/treatments/mesotherapy")
    assert page.status_code == 200
    html = page.text
    assert "£150 to £300 a session" in html
    for fact in (
        meso.session_length,
        meso.side_effects,
        meso.not_suitable_for,
        meso.credentials_to_look_for,
    ):
        assert fact.split(",")[0] in html
    assert '<option value="mesotherapy" selected>' in html
    assert "Prescription-only medicine" not in html


def test_prescription_only_guide_says_so(seeded, client):
    html = client.get("/treatments/anti-wrinkle-injections").text
    assert "Prescription-only medicine" in html
    assert "qualified" in html and "prescriber" in html


def test_unknown_guide_is_a_404_in_the_site_layout(seeded, client):
    page = client.get("/treatments/snake-oil")
    assert page.status_code == 404
    assert "We have no guide for that treatment." in page.text
    assert 'class="site-header"' in page.text and "Traceback" not in page.text


def test_bodies_page_explains_every_badge_and_hides_empty_links(seeded, client):
    html = client.get("/accreditation-bodies").text
    for body in db.session.scalars(db.select(AccreditationBody)):
        assert f'id="{body.slug}"' in html
        assert (
            body.how_we_check.split(".")[0] in html.replace("\n", " ")
            or body.how_we_check[:30] in html
        )
    assert 'href=""' not in html  # the society has no confirmed web address yet
    assert "Every 12 months" in html


def test_how_we_verify_covers_checks_renewal_and_concerns(seeded, client):
    html = client.get("/how-we-verify").text
    for phrase in (
        "How a claim is checked",
        "How often we check again",
        "Reporting a concern",
        "JCCP registered",
    ):
        assert phrase in html


def test_unknown_page_is_html_404_without_a_trace(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert page.mimetype == "text/html"
    assert "Page not found" in page.text and "Traceback" not in page.text


def test_a_crash_is_a_500_page_in_the_layout(app, client, monkeypatch):
    from directory.services import taxonomy_reads

    def boom() -> list[Treatment]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(taxonomy_reads, "list_treatments", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = client.get("/treatments")
    assert page.status_code == 500
    assert "Sorry, something went wrong" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text


def test_rate_limited_page_renders_429_template(app):
    from flask import render_template

    with app.test_request_context("/"):
        html = render_template("errors/429.html", status=429, code="too_many_requests", message="x")
    assert "Too many requests" in html and "try again" in html


def test_robots_keeps_crawlers_off_search_and_api(client):
    text = client.get("/robots.txt").text
    assert "Disallow: /search" in text and "Disallow: /api/" in text


def test_layout_links_follow_the_mount_point_of_each_request(reference_data, client):
    """The layout's links are kept per process, but per script root: a site mounted
    under a prefix links within it, and the same process at the root does not."""

    def brand(page) -> str:
        match = re.search(r'<a class="brand" href="([^"]*)"', page.text)
        assert match, "no brand link"
        return match.group(1)

    assert brand(client.get("/treatments")) == "/"
    mounted = client.get("/treatments", environ_overrides={"SCRIPT_NAME": "/find"})
    assert brand(mounted) == "/find/"
    assert 'href="/find/treatments"' in mounted.text
    assert brand(client.get("/treatments")) == "/"
