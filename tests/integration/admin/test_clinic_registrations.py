"""Clinic registrations with the care regulator, end to end without a browser: the
practitioner sends a CQC number with evidence, an admin works through the queue, and the
public sees it (page, API, JSON-LD, search) only once checked and only while current."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from factories import add_practitioner, clinic_in

from directory import search
from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus, Clinic, ClinicRegistration, Role
from directory.services import expiry, profiles, registration_decisions

from ._support import committed, make_account, sign_in

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CQC_ID = "1-123456789"


@pytest.fixture
def owner_client(app):
    owner = make_account("owner@example.org")
    add_practitioner(
        "Olive Owner",
        [clinic_in("LS1 4AP", "Owner Skin Rooms", "Leeds")],
        ["mesotherapy"],
        slug="olive-owner",
        owner=owner,
    )
    db.session.commit()
    search.rebuild()
    return sign_in(app.test_client(), "owner@example.org")


def _clinic_id() -> int:
    return db.session.scalar(db.select(Clinic.id).filter_by(name="Owner Skin Rooms"))


def _send(client, number=CQC_ID, data=PDF, prefix="regulator", **extra):
    return client.post(
        f"/account/clinics/{_clinic_id()}/registration",
        data={
            f"{prefix}-number": number,
            f"{prefix}-evidence": (io.BytesIO(data), "cert.pdf"),
            f"{prefix}-submit": "1",
            **extra,
        },
        content_type="multipart/form-data",
    )


def _registration() -> ClinicRegistration:
    db.session.expire_all()
    found = db.session.scalar(db.select(ClinicRegistration).order_by(ClinicRegistration.id.desc()))
    assert found is not None
    return found


def _approve(admin_client, registration, until, note="Registered location, address matches"):
    return admin_client.post(
        f"/admin/registrations/{registration.id}/approve",
        data={
            "valid_until": until.isoformat(),
            "register_note": note,
            "seen": registration_decisions.version_of(registration),
        },
    )


def _apply_outbox() -> None:
    while search.apply_outbox(limit=25):
        pass


def _public_search(client, **args):
    return client.get("/api/v1/search", query_string={"checked": "any", **args}).get_json()


def test_a_checked_cqc_registration_shows_everywhere_but_never_makes_anyone_checked(
    app, admin, admin_client, owner_client, mailbox
):
    public = app.test_client()
    assert _send(owner_client).status_code == 302
    pending = _registration()
    assert (pending.regulator, pending.number, pending.status) == (
        "cqc",
        CQC_ID,
        ClaimStatus.PENDING,
    )
    _apply_outbox()
    # Pending: nowhere as fact.
    assert "CQC registered" not in public.get("/practitioners/olive-owner").text
    assert _public_search(public, registered="1")["total"] == 0

    dashboard = admin_client.get("/admin/").text
    assert re.search(r'id="stat-registrations">1<', dashboard)
    queue = admin_client.get("/admin/registrations")
    assert f"queue-registration-{pending.id}" in queue.text
    page = admin_client.get(f"/admin/registrations/{pending.id}")
    assert f"https://www.cqc.org.uk/location/{CQC_ID}" in page.text
    until = profiles.today() + timedelta(days=365)
    assert _approve(admin_client, pending, until).status_code == 302
    assert committed(db.select(ClinicRegistration.status).filter_by(id=pending.id)) == "verified"
    [entry] = db.session.scalars(db.select(AuditEntry).filter_by(action="registration.verified"))
    assert entry.actor_id == admin.id and entry.after["status"] == "verified"
    assert "checked" in mailbox.last("owner@example.org")["Subject"]
    _apply_outbox()

    checked_on = f"{profiles.today().day} {profiles.today().strftime('%b %Y')}"
    profile = public.get("/practitioners/olive-owner").text
    assert re.search(rf"CQC registered</strong> · checked on {checked_on}", profile)
    assert f'href="https://www.cqc.org.uk/location/{CQC_ID}"' in profile
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', profile, re.S).group(1))
    [credential] = ld["workLocation"][0]["hasCredential"]
    assert credential["identifier"] == CQC_ID
    assert credential["recognizedBy"]["name"] == "Care Quality Commission"

    api = public.get("/api/v1/practitioners/olive-owner").get_json()
    [registration] = api["clinics"][0]["registrations"]
    assert registration["regulator"] == "cqc" and registration["valid_until"] == until.isoformat()
    assert api["checked"] is False  # the clinic is registered; the practitioner is not checked

    found = _public_search(public, registered="1", location="LS1 4AP")
    [item] = found["results"]
    assert item["nearest_clinic"]["registrations"][0]["issuer"] == "CQC"
    assert item["checked"] is False
    assert found["facets"]["clinic"] == {"registered": 1}
    # "checked only" (the default) still leaves them out: registration is not a credential.
    only = public.get("/api/v1/search", query_string={"registered": "1"}).get_json()
    assert only["total"] == 0 and only["unchecked"] == 1
    card = public.get(
        "/search", query_string={"location": "LS1 4AP", "checked": "any", "registered": "1"}
    ).text
    assert "CQC registered</strong> · checked on" in card
    # The search page offers the switch; the API document lists the parameter.
    assert 'name="registered"' in card
    spec = public.get("/api/v1/openapi.json").get_json()
    assert "registered" in {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}


def test_rejecting_and_revoking_keep_it_off_the_profile(app, admin_client, owner_client, mailbox):
    public = app.test_client()
    _send(owner_client)
    pending = _registration()
    response = admin_client.post(
        f"/admin/registrations/{pending.id}/reject",
        data={
            "reject-reason": "The CQC lists no location with this ID.",
            "reject-seen": registration_decisions.version_of(pending),
        },
    )
    assert response.status_code == 302 and _registration().status is ClaimStatus.REJECTED
    assert (
        "lists no location"
        in owner_client.get(f"/account/clinics/{pending.clinic_id}/registration").text
    )
    # Correcting the number sends it back to the queue.
    edit = owner_client.post(
        f"/account/registrations/{pending.id}/edit", data={"number": "1-987654321"}
    )
    assert edit.status_code == 302
    again = _registration()
    assert again.status is ClaimStatus.PENDING and again.reason is None
    _approve(admin_client, again, profiles.today() + timedelta(days=30))
    revoked = admin_client.post(
        f"/admin/registrations/{again.id}/revoke",
        data={
            "revoke-reason": "Registration cancelled by the CQC.",
            "revoke-seen": registration_decisions.version_of(_registration()),
        },
    )
    assert revoked.status_code == 302 and _registration().status is ClaimStatus.REVOKED
    _apply_outbox()
    assert "CQC registered" not in public.get("/practitioners/olive-owner").text
    actions = set(
        db.session.scalars(
            db.select(AuditEntry.action).where(AuditEntry.entity_type == "clinic_registration")
        )
    )
    assert actions == {
        "registration.submit",
        "registration.rejected",
        "registration.amend",
        "registration.verified",
        "registration.revoked",
    }


def test_a_decision_refers_to_what_was_reviewed_and_is_made_once(app, admin_client, owner_client):
    _send(owner_client)
    seen = _registration()
    stale = registration_decisions.version_of(seen)
    owner_client.post(f"/account/registrations/{seen.id}/edit", data={"number": "1-111111111"})
    # The admin's page was of the first number: approving it now is refused.
    response = admin_client.post(
        f"/admin/registrations/{seen.id}/approve",
        data={
            "valid_until": (profiles.today() + timedelta(days=30)).isoformat(),
            "register_note": "Looks fine",
            "seen": stale,
        },
    )
    assert response.status_code == 409 and "changed this registration" in response.text
    current = _registration()
    assert _approve(admin_client, current, profiles.today() + timedelta(days=30)).status_code == 302
    twice = _approve(admin_client, current, profiles.today() + timedelta(days=30))
    assert twice.status_code == 409 and _registration().status is ClaimStatus.VERIFIED
    assert (
        len(
            list(
                db.session.scalars(db.select(AuditEntry).filter_by(action="registration.verified"))
            )
        )
        == 1
    )


def test_bad_decisions_are_refused_with_a_message(app, admin_client, owner_client):
    _send(owner_client)
    pending = _registration()
    past = _approve(admin_client, pending, profiles.today())
    assert past.status_code == 400 and "must be after today" in past.text
    far = _approve(admin_client, pending, profiles.today() + timedelta(days=6 * 366))
    assert far.status_code == 400 and "at most 5 years" in far.text
    short = admin_client.post(
        f"/admin/registrations/{pending.id}/reject",
        data={"reject-reason": "no", "reject-seen": registration_decisions.version_of(pending)},
    )
    assert short.status_code == 400
    assert _registration().status is ClaimStatus.PENDING


def test_an_admin_cannot_decide_their_own_clinic_and_others_cannot_see_the_queue(app, owner_client):
    _send(owner_client)
    pending = _registration()
    db.session.execute(
        db.text("UPDATE accounts SET role = :r WHERE email = :e"),
        {"r": Role.ADMIN.value, "e": "owner@example.org"},
    )
    db.session.commit()
    response = _approve(
        sign_in(app.test_client(), "owner@example.org"),
        pending,
        profiles.today() + timedelta(days=30),
    )
    assert response.status_code == 403 and _registration().status is ClaimStatus.PENDING
    make_account("someone@example.org")
    other = sign_in(app.test_client(), "someone@example.org")
    assert other.get("/admin/registrations").status_code == 404
    assert other.get(f"/account/registrations/{pending.id}/evidence").status_code == 404


def test_expiry_lapses_on_the_date_reminds_once_and_expires(
    app, admin_client, owner_client, mailbox
):
    _send(owner_client)
    today = profiles.today()
    _approve(admin_client, _registration(), today + timedelta(days=7))
    _apply_outbox()
    later = today + timedelta(days=7)
    # The index judges the date itself: current on its last day, gone the day after.
    on_last_day = search.search(search.SearchQuery(registered=True, checked="any"), today=later)
    day_after = search.search(
        search.SearchQuery(registered=True, checked="any"), today=later + timedelta(days=1)
    )
    assert on_last_day.total == 1 and day_after.total == 0
    first, second = expiry.run(today), expiry.run(today)
    assert [lead for _, lead in first.registrations_reminded] == [7]
    assert second.registrations_reminded == []
    reminders = [m for m in mailbox.messages("owner@example.org") if "runs out" in m["Subject"]]
    assert len(reminders) == 1
    report = expiry.run(later + timedelta(days=1))
    assert report.registrations_expired == [_registration().id]
    assert _registration().status is ClaimStatus.EXPIRED
    assert expiry.run(later + timedelta(days=1)).registrations_expired == []
    [entry] = db.session.scalars(db.select(AuditEntry).filter_by(action="registration.expire"))
    assert entry.actor_label == "system"
