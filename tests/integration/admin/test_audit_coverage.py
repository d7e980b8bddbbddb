"""Every change a practitioner makes through their pages leaves an audit entry with the
values before and after, written with the change; a refused change leaves none."""

from __future__ import annotations

import io

from directory.extensions import db
from directory.models import AuditEntry, Practitioner, Treatment

from ._support import body, make_account, sign_in

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CLINIC = {
    "name": "Leeds Skin Studio",
    "address_line1": "1 Park Row",
    "town": "Leeds",
    "postcode": "LS1 5AB",
}


def _treatment(slug: str) -> int:
    return db.session.scalar(db.select(Treatment.id).filter_by(slug=slug))


def _log() -> list[AuditEntry]:
    """What the log says about practitioners (the seeding of the taxonomy left aside)."""
    query = db.select(AuditEntry).where(AuditEntry.practitioner_id.is_not(None))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def test_every_profile_clinic_offer_and_claim_change_is_audited(app, client):
    owner = make_account("audited@example.org")
    sign_in(client, "audited@example.org")
    steps = [
        (
            "/account/profile",
            {
                "display_name": "Ada Audit",
                "profession": "nurse",
                "regulator": body("nmc").id,
                "registration_number": "12A3456E",
            },
        ),
        (
            "/account/profile",
            {
                "display_name": "Ada Audit-Smith",
                "profession": "nurse",
                "regulator": body("nmc").id,
                "registration_number": "12A3456E",
            },
        ),
        ("/account/clinics/new", CLINIC),
        ("/account/treatments/new", {"treatment": _treatment("mesotherapy"), "price": "150"}),
        ("/account/publish", {}),
    ]
    for url, data in steps:
        assert client.post(url, data=data).status_code == 302, url
    mine = db.session.scalar(db.select(Practitioner).filter_by(owner_id=owner.id))
    clinic, offer = mine.clinics[0], mine.offers[0]
    more = [
        (f"/account/clinics/{clinic.id}/edit", CLINIC | {"name": "Leeds Skin Rooms"}),
        (f"/account/treatments/{offer.id}/edit", {"treatment": offer.treatment_id, "price": "175"}),
        ("/account/treatments/new", {"treatment": _treatment("microneedling"), "price": "90"}),
    ]
    for url, data in more:
        assert client.post(url, data=data).status_code == 302, url
    claim = client.post(
        "/account/claims",
        data={
            "body": body("jccp").id,
            "number": "JCCP12345",
            "evidence": (io.BytesIO(PDF), "c.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert claim.status_code == 302
    db.session.refresh(mine)
    claim_id = next(c.id for c in mine.claims if c.body.slug == "jccp")
    assert (
        client.post(f"/account/claims/{claim_id}/edit", data={"number": "JCCP54321"}).status_code
        == 302
    )
    assert client.post(f"/account/treatments/{offer.id}/remove").status_code == 302
    assert client.post(f"/account/claims/{claim_id}/withdraw").status_code == 302
    assert client.post("/account/unpublish").status_code == 302

    entries = _log()
    assert [e.action for e in entries] == [
        "profile.create",
        "claim.submit",  # the NMC registration saved with the profile is the NMC claim
        "profile.update",
        "clinic.add",
        "offer.add",
        "profile.publish",
        "clinic.update",
        "offer.update",
        "offer.add",
        "claim.submit",
        "claim.amend",
        "offer.remove",
        "claim.withdraw",
        "profile.unpublish",
    ]
    assert all(e.actor_id == owner.id and e.practitioner_id == mine.id for e in entries)
    changed = {e.action: e for e in entries}  # the last entry of each action
    assert changed["profile.update"].before["display_name"] == "Ada Audit"
    assert changed["profile.update"].after["display_name"] == "Ada Audit-Smith"
    assert changed["clinic.update"].after["name"] == "Leeds Skin Rooms"
    assert changed["offer.update"].before["price_from_pence"] == 15000
    assert changed["offer.update"].after["price_from_pence"] == 17500
    assert changed["claim.amend"].after["number"] == "JCCP54321"
    assert changed["offer.remove"].after is None and changed["claim.withdraw"].before


def test_a_refused_change_writes_no_audit_entry(app, client):
    make_account("careful@example.org")
    sign_in(client, "careful@example.org")
    created = client.post(
        "/account/profile",
        data={"display_name": "Cara Careful", "profession": "other", "regulator": ""},
    )
    assert created.status_code == 302, created.text
    before = len(_log())
    assert before == 1
    refused = client.post("/account/clinics/new", data=CLINIC | {"postcode": "not a postcode"})
    assert refused.status_code == 400
    bad_price = client.post(
        "/account/treatments/new", data={"treatment": _treatment("mesotherapy"), "price": "1e999"}
    )
    assert bad_price.status_code == 400
    assert len(_log()) == before
