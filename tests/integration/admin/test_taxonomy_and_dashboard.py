"""Editing the taxonomy (a new synonym reaches search without a manual rebuild, and
survives a restart), and the dashboard's figures."""

from __future__ import annotations

from datetime import timedelta

from directory import clock, search
from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus, SearchOutbox, Treatment
from directory.services import concerns, seed, verification

from ._support import make_account, make_claim, make_practitioner
from .conftest import SEED_DIR

ACME = {
    "slug": "acme",
    "name": "Acme Register",
    "short_name": "ACME",
    "kind": "register",
    "website": "https://acme.example",
    "number_label": "Number",
    "number_pattern": "ACME[0-9]{4}",
    "renewal_months": "12",
}


def _form(treatment: Treatment, **changes: object) -> dict[str, object]:
    data = {
        name: getattr(treatment, name) or ""
        for name in (
            "slug",
            "name",
            "category",
            "summary",
            "description",
            "session_length",
            "course",
            "downtime",
            "side_effects",
            "not_suitable_for",
            "credentials_to_look_for",
        )
    }
    data["synonyms"] = "\n".join(treatment.synonyms)
    return data | changes


def test_a_new_synonym_finds_practitioners_after_the_outbox_runs(app, admin_client):
    practitioner = make_practitioner("demo-cy-synonym")
    search.ensure_index(app)
    assert practitioner.id not in _hits("vampire")
    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    synonyms = "\n".join(meso.synonyms + ["Vampire Glow"])
    response = admin_client.post(
        f"/admin/treatments/{meso.id}", data=_form(meso, synonyms=synonyms)
    )
    assert response.status_code == 302, response.text
    assert db.session.scalar(db.select(SearchOutbox).filter_by(scope="all")) is not None
    search.apply_outbox()
    assert practitioner.id in _hits("vampire")
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="treatment.update"))
    assert (
        "vampire glow" in entry.after["synonyms"] and "vampire glow" not in entry.before["synonyms"]
    )
    # A restart (``flask setup``) keeps the admin's edit; ``flask seed`` restores the file.
    seed.load_reference_data(SEED_DIR, update_existing=False)
    assert "vampire glow" in db.session.get(Treatment, meso.id).synonyms


def _hits(text: str) -> set[int]:
    # Unchecked listings too: these tests are about words, not about who is checked.
    query = search.SearchQuery(text=text, checked="any")
    return {hit.practitioner_id for hit in search.search(query).hits}


def test_taxonomy_mistakes_are_explained_and_change_nothing(app, admin_client):
    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    bad_slug = admin_client.post(
        f"/admin/treatments/{meso.id}", data=_form(meso, slug="Meso Therapy!")
    )
    assert bad_slug.status_code == 400 and "lower-case letters" in bad_slug.text
    taken = admin_client.post("/admin/treatments/new", data=_form(meso, name="Copy"))
    assert taken.status_code == 400 and "already used" in taken.text
    prices = admin_client.post(
        f"/admin/treatments/{meso.id}", data=_form(meso, price_min_gbp="300", price_max_gbp="100")
    )
    assert prices.status_code == 400 and "above the highest" in prices.text
    db.session.refresh(meso)
    assert meso.slug == "mesotherapy"
    body = admin_client.post(
        "/admin/bodies/new",
        data=ACME | {"number_pattern": "[A-Z"},
    )
    assert body.status_code == 400 and "number pattern" in body.text


def test_body_links_must_be_web_addresses(app, admin_client):
    response = admin_client.post(
        "/admin/bodies/new",
        data=ACME | {"website": "javascript:alert(1)"},
    )
    assert response.status_code == 400 and "https://" in response.text


def test_an_admin_adds_a_body(app, admin_client):
    response = admin_client.post(
        "/admin/bodies/new",
        data={
            "slug": "acme",
            "name": "Acme Aesthetics Register",
            "short_name": "ACME",
            "kind": "register",
            "website": "https://acme.example",
            "number_label": "ACME number",
            "number_pattern": "ACME[0-9]{4}",
            "number_example": "ACME1234",
            "renewal_months": "24",
        },
    )
    assert response.status_code == 302, response.text
    assert "ACME" in admin_client.get("/admin/taxonomy").text
    listed = admin_client.get("/api/v1/accreditation-bodies").json["accreditation_bodies"]
    assert any(b["slug"] == "acme" for b in listed)


def test_the_dashboard_counts_what_waits_and_what_is_due(app, admin, admin_client):
    today = clock.today()
    practitioner = make_practitioner("demo-di-dash", make_account("di@example.org"))
    make_claim(practitioner, submitted_days_ago=12)
    make_claim(practitioner, "save-face", "SF9", submitted_days_ago=2)
    make_claim(
        practitioner,
        "smuk",
        "SMUK-1",
        status=ClaimStatus.VERIFIED,
        expires_on=today + timedelta(days=20),
    )
    decided = make_claim(practitioner, "nmc", "12A3456E", submitted_days_ago=1)
    verification.reject(
        decided.id,
        admin,
        "Wrong profession for this register.",
        seen=verification.version_of(decided),
    )
    concerns.report(practitioner.slug, "details", "The phone number is wrong.")
    page = admin_client.get("/admin/")
    assert 'id="stat-pending">2<' in page.text
    assert 'id="stat-concerns">1<' in page.text
    assert 'id="stat-expiring">1<' in page.text
    assert 'id="stat-decisions">1<' in page.text
    oldest = (today - timedelta(days=12)).strftime("%-d %b %Y")
    assert oldest in page.text
