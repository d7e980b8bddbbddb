"""Every saved change reaches search through the outbox: applied by hand as the separate
indexer would, or by the in-process indexer within a second."""

from __future__ import annotations

import io
import time

from directory import search
from directory.extensions import db
from directory.models import Practitioner, Treatment
from directory.services import accounts

from ._support import CLINICS, PASSWORD, PROFILE, TREATMENTS, body_id


def _found(text: str, **filters: object) -> set[int]:
    search.apply_outbox()
    # Unchecked listings too: these are about reaching search, not about being checked.
    results = search.search(search.SearchQuery(text=text, checked="any", **filters))
    assert not results.degraded
    return {hit.practitioner_id for hit in results.hits}


def test_publish_edit_and_unpublish_reach_search(seeded, practitioner):
    search.ensure_index(seeded)
    client = practitioner
    account = accounts.find_by_email("amira@example.org")
    mine = db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))
    meso = db.session.scalar(db.select(Treatment.id).filter_by(slug="mesotherapy"))
    client.post("/account/clinics/new", data=CLINICS[0])
    client.post("/account/treatments/new", data={"treatment": meso, "price": "150"})
    assert mine.id not in _found("Amira Shah")  # a draft is not searchable

    client.post("/account/publish")
    assert mine.id in _found("Amira Shah")
    assert mine.id in _found("Amira Shah", treatment="mesotherapy")

    client.post(
        "/account/profile",
        data={
            "display_name": "Amira Shah-Khan",
            "profession": "nurse",
            "regulator": mine.regulator_id,
            "registration_number": "12A3456E",
        },
    )
    assert mine.id in _found("Khan")

    client.post("/account/unpublish")
    assert mine.id not in _found("Amira Shah")


def test_done_when_the_whole_journey_ends_in_search(seeded, client, mailbox):
    """Account, verification, two clinics, five treatments, a JCCP claim, publish, search."""
    search.ensure_index(seeded)
    email = "journey@example.org"
    client.post(
        "/sign-up", data={"email": email, "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    )
    client.post(mailbox.link(email), data={"password": PASSWORD})
    assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
    client.post(
        "/account/profile",
        data=PROFILE | {"display_name": "Journey Jones", "regulator": body_id("nmc")},
    )
    for clinic in CLINICS:
        assert client.post("/account/clinics/new", data=clinic).status_code == 302
    for slug in TREATMENTS:
        treatment = db.session.scalar(db.select(Treatment.id).filter_by(slug=slug))
        data = {"treatment": treatment, "price": "150.00"}
        assert client.post("/account/treatments/new", data=data).status_code == 302
    claim = client.post(
        "/account/claims",
        data={
            "body": body_id("jccp"),
            "number": "JCCP12345",
            "evidence": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "jccp.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert claim.status_code == 302
    assert client.post("/account/publish").status_code == 302
    account = accounts.find_by_email(email)
    mine = db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))
    assert mine.is_public and len(mine.clinics) == 2 and len(mine.offers) == 5
    # The NMC registration from the profile, and the JCCP claim: both wait for an admin.
    assert sorted((c.body.slug, c.status.value) for c in mine.claims) == [
        ("jccp", "pending"),
        ("nmc", "pending"),
    ]
    assert mine.id in _found("Journey Jones", treatment="skin-boosters")


def test_with_inline_indexing_a_change_reaches_search_by_itself(seeded, practitioner, make_app):
    """The single-process set-up (``SEARCH_INLINE_INDEXING``, as ``make run`` serves):
    nobody applies the outbox by hand, the in-process indexer does. How fast (the
    promise is within a second) is measured by bench/freshness_bench.py, not here:
    a timed assertion fails whenever the machine is busy."""
    search.ensure_index(seeded)
    meso = db.session.scalar(db.select(Treatment.id).filter_by(slug="mesotherapy"))
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    practitioner.post("/account/treatments/new", data={"treatment": meso, "price": "150"})
    served = make_app(
        SEARCH_INLINE_INDEXING=True,
        SEARCH_INDEX_DIR=seeded.config["SEARCH_INDEX_DIR"],
    )
    client = served.test_client()
    client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    assert client.post("/account/publish").status_code == 302
    published = time.monotonic()
    mine = db.session.scalar(db.select(Practitioner.id).filter_by(display_name="Amira Shah"))
    query = search.SearchQuery(text="Amira Shah", treatment="mesotherapy", checked="any")
    while mine not in {hit.practitioner_id for hit in search.search(query).hits}:
        assert time.monotonic() - published < 20.0, "the inline indexer never applied it"
        time.sleep(0.05)
