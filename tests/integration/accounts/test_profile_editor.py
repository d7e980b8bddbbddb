"""Profile details, clinics, treatments, publication, preview, and ownership abuse."""

from __future__ import annotations

import pytest

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
    for path in (
        "/account/clinics",
        "/account/claims",
        "/account/preview",
        "/account/treatments/new",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith(
            "/account/profile"
        ), path


@pytest.mark.parametrize(
    "profession, regulator, good, bad",
    [
        ("doctor", "gmc", ["1234567", "123 4567"], ["123456", "12345678", "A234567"]),
        ("nurse", "nmc", ["12A3456E", "12a3456e", "12 A3456 E"], ["1234567", "12A3456", "AB3456E"]),
        ("dentist", "gdc", ["123456", "42"], ["12A456", "GDC123", "1234567"]),
        ("pharmacist", "gphc", ["2012345"], ["201234", "20123456", "P201234"]),
    ],
)
def test_registration_numbers_follow_each_regulators_format(
    seeded, signed_up, profession, regulator, good, bad
):
    client = signed_up()
    base = PROFILE | {"profession": profession, "regulator": body_id(regulator)}
    for number in bad:
        response = client.post("/account/profile", data=base | {"registration_number": number})
        assert response.status_code == 400, number
        assert "That is not a valid" in response.text, number
    assert _mine() is None
    for number in good:
        response = client.post("/account/profile", data=base | {"registration_number": number})
        assert response.status_code == 302, (number, response.text)
        assert _mine().registration_number == number.replace(" ", "").upper()


def test_other_professions_have_no_regulator(seeded, signed_up):
    client = signed_up()
    data = PROFILE | {"profession": "other", "regulator": "", "registration_number": ""}
    assert client.post("/account/profile", data=data).status_code == 302
    assert _mine().regulator_id is None and _mine().registration_number is None
    with_number = data | {"registration_number": "12A3456E"}
    assert client.post("/account/profile", data=with_number).status_code == 400
    with_body = data | {"regulator": body_id("nmc")}
    assert client.post("/account/profile", data=with_body).status_code == 400


def _publishable(client) -> None:
    client.post("/account/clinics/new", data=CLINICS[0])
    client.post(
        "/account/treatments/new", data={"treatment": _treatment("mesotherapy"), "price": "150"}
    )


def test_a_live_profile_keeps_one_clinic_and_one_treatment(practitioner):
    _publishable(practitioner)
    assert practitioner.post("/account/publish").status_code == 302
    mine = _mine()
    response = practitioner.post(
        f"/account/clinics/{mine.clinics[0].id}/remove", follow_redirects=True
    )
    assert "needs at least one clinic" in response.text
    response = practitioner.post(
        f"/account/treatments/{mine.offers[0].id}/remove", follow_redirects=True
    )
    assert "needs at least one treatment" in response.text
    mine = _mine()
    assert len(mine.clinics) == 1 and len(mine.offers) == 1
    practitioner.post("/account/unpublish")
    practitioner.post(f"/account/clinics/{mine.clinics[0].id}/remove")
    assert _mine().clinics == []


def test_a_suspended_profile_cannot_be_published_or_unpublished_by_its_owner(practitioner):
    _publishable(practitioner)
    mine = _mine()
    mine.state = PublicationState.SUSPENDED
    mine.suspension_reason = "Under review."
    db.session.commit()
    for path in ("/account/publish", "/account/unpublish"):
        response = practitioner.post(path, data={"state": "published"}, follow_redirects=True)
        assert "suspended" in response.text
        assert _mine().state is PublicationState.SUSPENDED
    assert "Under review." in practitioner.get("/account/").text


def test_dashboard_and_preview_say_what_is_missing(practitioner):
    page = practitioner.get("/account/").text
    assert "Add at least one clinic." in page and "Add at least one treatment" in page
    assert "Publish your profile" not in page
    preview = practitioner.get("/account/preview").text
    assert "No clinics yet" in preview and "not yet checked by us" in preview
    _publishable(practitioner)
    page = practitioner.get("/account/").text
    assert "Publish your profile" in page
    practitioner.post("/account/clinics/new", data=CLINICS[1] | {"postcode": "ZE9 9ZZ"})
    assert "1 not on the map" in practitioner.get("/account/").text


def test_offer_edit_keeps_its_treatment_and_refuses_duplicates(practitioner):
    meso = _treatment("mesotherapy")
    practitioner.post("/account/treatments/new", data={"treatment": meso, "price": "150"})
    again = practitioner.post("/account/treatments/new", data={"treatment": meso, "price": "90"})
    assert again.status_code == 400 and "already offer" in again.text
    offer = _mine().offers[0]
    other = _treatment("dermal-fillers")
    swapped = practitioner.post(
        f"/account/treatments/{offer.id}/edit", data={"treatment": other, "price": "175"}
    )
    assert swapped.status_code == 400  # an offer's treatment is fixed; only its price moves
    practitioner.post(
        f"/account/treatments/{offer.id}/edit", data={"treatment": meso, "price": "175"}
    )
    [offer] = _mine().offers
    assert offer.treatment_id == meso and offer.price_from_pence == 17500
    page = practitioner.get(f"/account/treatments/{offer.id}/edit").text
    assert 'value="175.00"' in page


def test_removing_asks_first_and_only_for_your_own(app, practitioner, signed_up):
    _publishable(practitioner)
    mine = _mine()
    clinic, offer = mine.clinics[0], mine.offers[0]
    page = practitioner.get(f"/account/clinics/{clinic.id}/remove")
    assert page.status_code == 200 and "Remove Leeds Skin Studio?" in page.text
    page = practitioner.get(f"/account/treatments/{offer.id}/remove")
    assert page.status_code == 200 and "Stop offering" in page.text
    assert len(_mine().clinics) == 1 and len(_mine().offers) == 1  # asking changes nothing
    intruder = signed_up("intruder@example.org", on=app.test_client())
    intruder.post(
        "/account/profile", data=PROFILE | {"display_name": "Eve", "regulator": body_id("nmc")}
    )
    assert intruder.get(f"/account/clinics/{clinic.id}/remove").status_code == 404
    assert intruder.get(f"/account/treatments/{offer.id}/remove").status_code == 404
