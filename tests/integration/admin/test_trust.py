"""The public reads as fact only what an admin checked (issue 12): who is searchable by
default, profession and "Dr", prescribers, what the register showed, and the
registration in the profile being the claim an admin checks."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

import pytest

from directory import clock, search
from directory.extensions import db
from directory.models import (
    AuditEntry,
    ClaimStatus,
    CredentialClaim,
    Practitioner,
    Profession,
    Treatment,
    TreatmentOffer,
)
from directory.services import profile_editor, profile_rules, verification
from directory.web.formatting import uk_date

from ._support import body, make_account, make_claim, make_practitioner

LEEDS = {"location": "LS1 4AP", "radius": "5"}


def _practitioner(
    slug: str, profession: Profession, title: str = "", owner=None, anti_wrinkle: bool = False
) -> Practitioner:
    p = make_practitioner(slug, owner)
    p.profession, p.title = profession, title
    if anti_wrinkle:
        botox = db.session.scalar(db.select(Treatment).filter_by(slug="anti-wrinkle-injections"))
        p.offers.append(TreatmentOffer(treatment=botox, price_from_pence=20000))
    db.session.commit()
    return p


def _approve(admin_client, claim: CredentialClaim, **extra: str) -> object:
    until = (clock.today() + timedelta(days=300)).isoformat()
    return admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={
            "valid_until": until,
            "seen": verification.version_of(claim),
            "register_note": "Registered, licence to practise, name matches",
            **extra,
        },
    )


def _api(client, **params: str) -> dict:
    search.apply_outbox()
    return client.get("/api/v1/search", query_string=LEEDS | params).get_json()


def _result(data: dict, slug: str) -> dict | None:
    return next((r for r in data["results"] if r["slug"] == slug), None)


def _jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    return json.loads(unescape(found.group(1)))


def test_a_new_listing_is_left_out_until_an_admin_checks_its_registration(
    app, admin_client, client
):
    new = _practitioner("demo-dr-new", Profession.DOCTOR, "Dr")
    claim = make_claim(new, "gmc", "1234567")
    checked = _practitioner("demo-checked-nurse", Profession.NURSE)
    make_claim(
        checked, "nmc", "12A3456E", ClaimStatus.VERIFIED, clock.today() + timedelta(days=100)
    )
    search.ensure_index(app)

    default = _api(client)
    assert _result(default, "demo-dr-new") is None and default["unchecked"] == 1
    assert default["checked"] == "only" and _result(default, "demo-checked-nurse")["checked"]
    page = client.get("/search", query_string=LEEDS).text
    assert "demo-dr-new" not in page
    assert "1 more listing match" in page and "Include 1 unchecked listing" in unescape(page)

    everyone = _api(client, checked="any")
    assert [r["slug"] for r in everyone["results"]] == ["demo-checked-nurse", "demo-dr-new"]
    shown = _result(everyone, "demo-dr-new")
    assert shown["checked"] is False and shown["profession"] is None
    assert shown["stated_profession"] == "doctor" and shown["name"] == "Demo Dr New"
    page = unescape(client.get("/search", query_string=LEEDS | {"checked": "any"}).text)
    card = page[page.index('id="result-demo-dr-new"') :]
    card = card[: card.index("</article>")]
    assert "Not checked" in card and "Doctor" not in card and ">Dr " not in card
    points = json.loads(re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1))
    assert {p["name"]: p["checked"] for p in points["results"]} == {
        "Demo Checked Nurse": True,
        "Demo Dr New": False,
    }

    assert _approve(admin_client, claim).status_code == 302
    after = _api(client)
    shown = _result(after, "demo-dr-new")
    assert shown["checked"] and shown["profession"] == "doctor"
    assert shown["name"] == "Dr Demo Dr New"
    assert after["unchecked"] == 0
    page = client.get("/search", query_string=LEEDS).text
    card = page[page.index('id="result-demo-dr-new"') :]
    assert "Doctor" in card[: card.index("</article>")]


def test_the_profile_labels_what_is_only_stated(app, admin_client, client):
    p = _practitioner("demo-says-doctor", Profession.DOCTOR, "Dr")
    claim = make_claim(p, "gmc", "7654321")
    page = client.get(f"/practitioners/{p.slug}")
    assert page.status_code == 200  # reachable by its URL...
    text = unescape(page.text)
    assert "We have not checked this practitioner" in text  # ...with the warning at the top
    assert "Says they are a doctor; we have not checked this yet" in text
    assert "Dr Demo" not in text
    data = _jsonld(page.text)
    assert "jobTitle" not in data and "honorificPrefix" not in data
    api = client.get(f"/api/v1/practitioners/{p.slug}").get_json()
    assert (api["profession"], api["title"], api["checked"]) == (None, "", False)

    _approve(admin_client, claim)
    text = unescape(client.get(f"/practitioners/{p.slug}").text)
    assert "We have not checked" not in text and "Says they are" not in text
    assert "<h1>Dr Demo Says Doctor</h1>" in text
    data = _jsonld(client.get(f"/practitioners/{p.slug}").text)
    assert data["jobTitle"] == "Doctor" and data["honorificPrefix"] == "Dr"


def test_a_register_membership_checks_the_person_but_not_the_profession(app, client):
    p = _practitioner("demo-jccp-nurse", Profession.NURSE)
    make_claim(p, "jccp", "JCCP12345", ClaimStatus.VERIFIED, clock.today() + timedelta(days=9))
    search.ensure_index(app)
    shown = _result(_api(client), "demo-jccp-nurse")
    assert shown["checked"] and shown["profession"] is None
    assert _api(client, profession="nurse")["results"] == []
    text = unescape(client.get(f"/practitioners/{p.slug}").text)
    assert "Says they are a nurse; we have not checked this yet" in text


def test_prescribers_are_those_the_admin_saw_on_the_register(app, admin_client, client):
    rx = _practitioner("demo-rx-nurse", Profession.NURSE, anti_wrinkle=True)
    rx_claim = make_claim(rx, "nmc", "12A3456E")
    plain = _practitioner("demo-plain-nurse", Profession.NURSE, anti_wrinkle=True)
    plain_claim = make_claim(plain, "nmc", "34B5678C")
    search.ensure_index(app)
    conditions = "Must not work unsupervised in aesthetics until 1 March 2027."
    assert (
        _approve(
            admin_client, rx_claim, prescriber="yes", register_conditions=conditions
        ).status_code
        == 302
    )
    assert _approve(admin_client, plain_claim, prescriber="no").status_code == 302

    data = _api(client, treatment="anti-wrinkle-injections")
    assert (
        _result(data, "demo-rx-nurse")["prescriber"],
        _result(data, "demo-plain-nurse")["prescriber"],
    ) == (True, False)
    only = _api(client, prescriber="true")
    assert [r["slug"] for r in only["results"]] == ["demo-rx-nurse"]
    today = uk_date(clock.today())
    page = unescape(
        client.get("/search", query_string=LEEDS | {"treatment": "anti-wrinkle-injections"}).text
    )
    assert f"Prescriber (checked on {today})" in page
    assert "Not a prescriber: a prescriber must assess you in person before this treatment" in page
    profile = unescape(client.get(f"/practitioners/{rx.slug}").text)
    assert f"Prescriber (checked on {today})" in profile
    assert conditions in profile and f"(seen {today})" in profile
    api = client.get(f"/api/v1/practitioners/{rx.slug}").get_json()
    assert api["credentials"][0]["conditions"] == conditions

    entry = db.session.scalars(
        db.select(AuditEntry).filter_by(action="claim.verified", entity_id=rx_claim.id)
    ).one()
    assert entry.reason == "Registered, licence to practise, name matches"
    assert entry.after["prescriber"] is True and entry.after["register_conditions"] == conditions


def test_prescribing_cannot_be_recorded_for_a_voluntary_register(app, admin_client):
    p = _practitioner("demo-jccp-only", Profession.NURSE)
    claim = make_claim(p, "jccp", "JCCP55555")
    response = _approve(admin_client, claim, prescriber="yes")
    assert response.status_code == 400 and "does not show prescribing rights" in response.text
    assert claim.status is ClaimStatus.PENDING
    without_note = _approve(admin_client, claim, register_note="")
    assert without_note.status_code == 400
    assert "Say briefly what the register showed." in without_note.text


def _details(**changes: object) -> profile_editor.ProfileDetails:
    values: dict[str, object] = {
        "display_name": "Reg Holder",
        "title": "",
        "profession": Profession.NURSE,
        "regulator_id": body("nmc").id,
        "registration_number": "12A3456E",
        "bio": "",
        "website": None,
        "phone": None,
        "booking_url": None,
        "register_name": "",
    }
    return profile_editor.ProfileDetails(**(values | changes))  # type: ignore[arg-type]


def test_the_profile_registration_is_the_claim_the_admin_checks(app, admin_client):
    owner = make_account("reg@example.org")
    make_practitioner("demo-reg-holder", owner)
    profile_editor.update_profile(owner, _details(register_name="Regina  Holder-Smith"))
    [claim] = db.session.scalars(db.select(CredentialClaim)).all()
    assert (claim.body.slug, claim.number, claim.status) == ("nmc", "12A3456E", ClaimStatus.PENDING)
    assert claim.evidence_path is None and claim.register_name == "Regina Holder-Smith"
    page = admin_client.get(f"/admin/claims/{claim.id}").text
    assert "Name on the register" in page and "Regina Holder-Smith" in page
    assert "nmc.org.uk/registration/search-the-register" in page

    profile_editor.update_profile(owner, _details(registration_number="98Z7654Y"))
    [amended] = db.session.scalars(db.select(CredentialClaim)).all()
    assert amended.id == claim.id and amended.number == "98Z7654Y"
    _approve(admin_client, amended)
    profile_editor.update_profile(owner, _details(registration_number="98Z7654Y", bio="Hello"))
    assert [c.status for c in db.session.scalars(db.select(CredentialClaim))] == [
        ClaimStatus.VERIFIED
    ]  # saving the same number again leaves the check in place


@pytest.mark.parametrize(
    ("profession", "title", "refused"),
    [
        (Profession.OTHER, "Dr", True),
        (Profession.OTHER, "dr.", True),
        (Profession.OTHER, "Ms", False),
        (Profession.DOCTOR, "Dr", False),
    ],
)
def test_dr_needs_a_regulated_profession(app, profession, title, refused):
    owner = make_account("title@example.org")
    make_practitioner("demo-title", owner)
    regulated = profession is not Profession.OTHER
    details = _details(
        profession=profession,
        title=title,
        regulator_id=body("gmc").id if regulated else None,
        registration_number="1234567" if regulated else None,
    )
    if refused:
        with pytest.raises(profile_rules.ProfileError, match="Dr") as caught:
            profile_editor.update_profile(owner, details)
        assert caught.value.field == "title"
    else:
        assert profile_editor.update_profile(owner, details).title == title


def test_hcpc_and_psni_take_their_professions_and_number_formats(app):
    assert body("hcpc").professions == ["allied_health"] and body("psni").professions == [
        "pharmacist"
    ]
    assert profile_rules.check_registration(
        Profession.ALLIED_HEALTH, body("hcpc").id, "pa 12345"
    ) == (body("hcpc").id, "PA12345")
    assert profile_rules.check_registration(Profession.PHARMACIST, body("psni").id, "12345") == (
        body("psni").id,
        "12345",
    )
    with pytest.raises(profile_rules.ProfileError, match="not a valid HCPC number"):
        profile_rules.check_registration(Profession.ALLIED_HEALTH, body("hcpc").id, "12345")
    with pytest.raises(profile_rules.ProfileError, match="does not regulate"):
        profile_rules.check_registration(Profession.NURSE, body("psni").id, "12345")


def _renewal_of(claim: CredentialClaim) -> CredentialClaim:
    return db.session.scalars(db.select(CredentialClaim).filter_by(renews_id=claim.id)).one()


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_renewing_early_keeps_the_badge_until_an_admin_decides(
    app, admin_client, client, mailbox, decision
):
    from io import BytesIO

    from directory.services import claims

    owner = make_account("renew@example.org")
    p = _practitioner("demo-renewer", Profession.NURSE, owner=owner)
    current_until = clock.today() + timedelta(days=20)
    current = make_claim(p, "jccp", "JCCP12345", ClaimStatus.VERIFIED, current_until)
    search.ensure_index(app)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
    claims.amend(owner, current.id, "JCCP12345", claims.Upload(BytesIO(png), "renewed.png"))

    renewal = _renewal_of(current)
    assert renewal.status is ClaimStatus.PENDING and renewal.evidence_path
    db.session.refresh(current)
    assert current.status is ClaimStatus.VERIFIED  # the badge stays while the renewal waits
    assert _result(_api(client), "demo-renewer")["credentials"][0]["valid_until"] == (
        current_until.isoformat()
    )
    queue = admin_client.get("/admin/claims").text
    assert f"queue-claim-{renewal.id}" in queue and "Renewal" in queue
    # Sending evidence again amends the waiting renewal rather than making another.
    claims.amend(owner, current.id, "JCCP12345", claims.Upload(BytesIO(png), "again.png"))
    assert _renewal_of(current).id == renewal.id

    if decision == "approve":
        assert _approve(admin_client, renewal).status_code == 302
        db.session.refresh(current)
        assert current.status is ClaimStatus.RENEWED
        [badge] = _result(_api(client), "demo-renewer")["credentials"]
        assert badge["valid_until"] == (clock.today() + timedelta(days=300)).isoformat()
    else:
        response = admin_client.post(
            f"/admin/claims/{renewal.id}/reject",
            data={
                "reject-reason": "The certificate is for another person.",
                "reject-seen": verification.version_of(renewal),
            },
        )
        assert response.status_code == 302
        db.session.refresh(current)
        assert current.status is ClaimStatus.VERIFIED  # left to run out on its own date
        [badge] = _result(_api(client), "demo-renewer")["credentials"]
        assert badge["valid_until"] == current_until.isoformat()
        told = mailbox.messages("renew@example.org")[-1].get_content()
        assert "your current badge stays until" in told


@pytest.mark.parametrize(
    ("param", "value", "code"),
    [("checked", "some", "invalid_checked"), ("prescriber", "maybe", "invalid_prescriber")],
)
def test_bad_trust_parameters_are_a_clear_400(app, client, param, value, code):
    api = client.get("/api/v1/search", query_string={param: value})
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == code and api.get_json()["error"]["field"] == param
    page = client.get("/search", query_string={"location": "LS1 4AP", param: value})
    assert page.status_code == 400 and "Search again without it" in page.text
