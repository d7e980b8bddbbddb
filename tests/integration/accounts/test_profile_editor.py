"""Profile details, clinics, treatments, publication, preview, and ownership abuse."""

from __future__ import annotations

from directory.extensions import db
from directory.models import (
    AuditEntry,
    Clinic,
    LocationPrecision,
    Practitioner,
    PublicationState,
    SearchOutbox,
    Treatment,
    TreatmentOffer,
)
from directory.services import accounts

from ._support import CLINICS, PROFILE, TREATMENTS, body_id


def _mine() -> Practitioner:
    db.session.expire_all()
    account = accounts.find_by_email("amira@example.org")
    return db.session.scalar(db.select(Practitioner).filter_by(owner_id=account.id))


def _treatment(slug: str) -> int:
    return db.session.scalar(db.select(Treatment.id).filter_by(slug=slug))


def _outbox_count(practitioner_id: int) -> int:
    query = db.select(db.func.count(SearchOutbox.id)).filter_by(practitioner_id=practitioner_id)
    return db.session.scalar(query)


def test_regulator_must_fit_profession_and_number_format(seeded, signed_up):
    client = signed_up()
    bad_format = PROFILE | {"regulator": body_id("nmc"), "registration_number": "1234567"}
    wrong_body = PROFILE | {"regulator": body_id("gmc"), "registration_number": "1234567"}
    not_regulator = PROFILE | {"regulator": body_id("jccp")}
    for data in (bad_format, wrong_body):
        assert client.post("/account/profile", data=data).status_code == 400
    assert client.post("/account/profile", data=not_regulator).status_code == 400
    assert _mine() is None
    response = client.post("/account/profile", data=PROFILE | {"regulator": body_id("nmc")})
    assert response.status_code == 302
    practitioner = _mine()
    assert practitioner.registration_number == "12A3456E"
    assert practitioner.state is PublicationState.DRAFT


def test_complete_profile_two_clinics_five_treatments_publish(practitioner):
    client = practitioner
    profile_id = _mine().id
    for clinic in CLINICS:
        assert client.post("/account/clinics/new", data=clinic).status_code == 302
    for slug in TREATMENTS:
        data = {"treatment": _treatment(slug), "price": "150", "notes": "per session"}
        assert client.post("/account/treatments/new", data=data).status_code == 302
    mine = _mine()
    assert len(mine.clinics) == 2 and len(mine.offers) == 5
    assert {c.postcode for c in mine.clinics} == {"LS1 5AB", "HG1 1ST"}
    assert all(o.price_from_pence == 15000 for o in mine.offers)
    before = _outbox_count(profile_id)
    assert client.post("/account/publish").status_code == 302
    assert _mine().state is PublicationState.PUBLISHED
    assert _outbox_count(profile_id) == before + 1
    preview = client.get("/account/preview")
    assert preview.status_code == 200
    assert "Leeds Skin Studio" in preview.text and "£150" in preview.text
    assert client.post("/account/unpublish").status_code == 302
    assert _mine().state is PublicationState.DRAFT
    audited = set(
        db.session.scalars(db.select(AuditEntry.action).filter_by(practitioner_id=profile_id))
    )
    assert {
        "profile.create",
        "clinic.add",
        "offer.add",
        "profile.publish",
        "profile.unpublish",
    } <= audited


def test_cannot_publish_an_empty_profile(practitioner):
    practitioner.post("/account/publish")
    assert _mine().state is PublicationState.DRAFT


def test_unresolvable_postcode_is_saved_and_flagged(practitioner):
    data = CLINICS[0] | {"postcode": "ZE9 9ZZ"}
    response = practitioner.post("/account/clinics/new", data=data, follow_redirects=True)
    assert response.status_code == 200
    clinic = _mine().clinics[0]
    assert clinic.precision is LocationPrecision.UNRESOLVED and clinic.latitude is None
    assert "could not place" in response.text


def test_malformed_postcode_is_refused_by_the_form(practitioner):
    response = practitioner.post("/account/clinics/new", data=CLINICS[0] | {"postcode": "hello"})
    assert response.status_code == 400
    assert _mine().clinics == []


def test_edit_and_remove_clinic_and_treatment(practitioner):
    client = practitioner
    client.post("/account/clinics/new", data=CLINICS[0])
    clinic_id = _mine().clinics[0].id
    response = client.post(f"/account/clinics/{clinic_id}/edit", data=CLINICS[1])
    assert response.status_code == 302
    assert _mine().clinics[0].postcode == "HG1 1ST"
    client.post(
        "/account/treatments/new", data={"treatment": _treatment("mesotherapy"), "price": "149.50"}
    )
    offer = _mine().offers[0]
    assert offer.price_from_pence == 14950
    client.post(
        f"/account/treatments/{offer.id}/edit",
        data={"treatment": offer.treatment_id, "price": "200.00"},
    )
    assert _mine().offers[0].price_from_pence == 20000
    bad = client.post(
        f"/account/treatments/{offer.id}/edit",
        data={"treatment": offer.treatment_id, "price": "12.345"},
    )
    assert bad.status_code == 400
    client.post(f"/account/treatments/{offer.id}/remove")
    client.post(f"/account/clinics/{clinic_id}/remove")
    assert _mine().offers == [] and _mine().clinics == []
    assert db.session.get(Clinic, clinic_id) is None


def test_another_practitioners_objects_are_404(app, practitioner, signed_up):
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    practitioner.post("/account/treatments/new", data={"treatment": _treatment("mesotherapy")})
    mine = _mine()
    clinic_id, offer_id = mine.clinics[0].id, mine.offers[0].id

    intruder = signed_up("intruder@example.org", on=app.test_client())
    intruder.post(
        "/account/profile", data=PROFILE | {"display_name": "Eve", "regulator": body_id("nmc")}
    )
    assert intruder.get(f"/account/clinics/{clinic_id}/edit").status_code == 404
    assert intruder.post(f"/account/clinics/{clinic_id}/edit", data=CLINICS[1]).status_code == 404
    assert intruder.post(f"/account/clinics/{clinic_id}/remove").status_code == 404
    assert (
        intruder.post(
            f"/account/treatments/{offer_id}/edit", data={"treatment": 1, "price": "1"}
        ).status_code
        == 404
    )
    assert intruder.post(f"/account/treatments/{offer_id}/remove").status_code == 404
    assert _mine().clinics[0].postcode == "LS1 5AB"
    assert db.session.get(TreatmentOffer, offer_id) is not None


def test_state_and_ownership_never_come_from_the_form(practitioner):
    data = PROFILE | {
        "regulator": body_id("nmc"),
        "state": "published",
        "status": "verified",
        "owner_id": "999",
        "is_demo": "1",
        "slug": "hijack",
    }
    practitioner.post("/account/profile", data=data)
    mine = _mine()
    assert mine.state is PublicationState.DRAFT
    assert mine.slug != "hijack" and not mine.is_demo


def test_editing_a_shared_clinic_gives_the_owner_a_copy(practitioner):
    mine = _mine()
    neighbour = Practitioner(slug="neighbour", display_name="N", profession=mine.profession)
    practitioner.post("/account/clinics/new", data=CLINICS[0])
    shared = _mine().clinics[0]
    neighbour.clinics.append(shared)
    db.session.add(neighbour)
    db.session.commit()
    practitioner.post(f"/account/clinics/{shared.id}/edit", data=CLINICS[1])
    db.session.expire_all()
    assert db.session.get(Clinic, shared.id).postcode == "LS1 5AB"
    assert _mine().clinics[0].postcode == "HG1 1ST"


def test_pages_that_need_a_profile_send_you_to_create_one(seeded, signed_up):
    client = signed_up()
    for path in ("/account/clinics", "/account/claims", "/account/preview",
                 "/account/treatments/new"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith(
            "/account/profile"), path
