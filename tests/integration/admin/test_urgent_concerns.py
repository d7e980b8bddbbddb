"""Concerns that protect people: urgent ones alert every admin, jump the queue, carry a
reference, and lead an admin straight to suspending the listing."""

from __future__ import annotations

import re
from datetime import timedelta

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import Concern, ConcernStatus, PublicationState, Role
from directory.services import concerns

from ._support import make_account, make_practitioner

HARM = "My lip has gone pale and very painful since the filler yesterday."


def _report(client, slug: str, reason: str, details: str = HARM, email: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/practitioners/{slug}/concern",
        data={"reason": reason, "details": details, "email": email},
    )


def test_a_harm_concern_alerts_every_admin_without_health_details(app, admin, mailbox):
    make_account("second-admin@example.org", Role.ADMIN)
    make_account("someone@example.org")  # a practitioner: not alerted
    p = make_practitioner("lip-clinic")
    client = app.test_client()
    response = _report(client, p.slug, "harm", email="Patient@Example.org")
    assert response.status_code == 302
    concern = db.session.scalars(db.select(Concern)).one()
    assert concern.urgent and concern.reference == f"CN-{concern.id:06d}"

    alerted = {m["To"] for m in mailbox.messages() if "Urgent concern" in m["Subject"]}
    assert alerted == {"admin@example.org", "second-admin@example.org"}
    for message in mailbox.messages("admin@example.org"):
        body = message.get_content()
        assert "pale" not in body and "filler" not in body and p.display_name not in body
        assert f"/admin/concerns/{concern.id}" in body

    ack = mailbox.messages("patient@example.org")
    assert len(ack) == 1 and concern.reference in ack[0]["Subject"]
    body = ack[0].get_content()
    assert concern.reference in body and "999" in body and "111" in body and "pale" not in body

    page = client.get(response.headers["Location"]).text
    assert concern.reference in page and 'id="concern-sent"' in page
    # The confirmation takes focus when the page loads, and is a live region.
    assert re.search(r'<div[^>]*id="concern-sent"[^>]*role="status"[^>]*data-focus-on-load', page)
    # Shown once: a reload does not announce it again.
    assert concern.reference not in client.get(f"/practitioners/{p.slug}").text


def test_a_details_concern_alerts_nobody_and_needs_no_email(app, admin, mailbox):
    p = make_practitioner("price-clinic")
    _report(app.test_client(), p.slug, "details", "The price list is from last year.")
    assert mailbox.messages() == []


def test_urgent_help_comes_before_the_form(app):
    p = make_practitioner("help-first")
    page = app.test_client().get(f"/practitioners/{p.slug}").text
    section = page.split('id="concern"', 1)[1]
    help_at = section.index("If you need help with your health now")
    assert help_at < section.index("<form")
    for link in (
        'href="tel:999"',
        'href="https://111.nhs.uk"',
        'href="https://yellowcard.mhra.gov.uk"',
    ):
        assert link in section
    assert "I was harmed, or I am worried about my health now" in section


def test_regulator_is_signposted_when_the_practitioner_has_one(app):
    from ._support import body

    p = make_practitioner("nurse-with-pin")
    nmc = body("nmc")
    p.regulator = nmc
    db.session.commit()
    page = app.test_client().get(f"/practitioners/{p.slug}").text
    assert f'href="{nmc.website}"' in page.split('id="concern"', 1)[1]


def test_urgent_concerns_come_first_in_the_queue_and_are_marked(app, admin, admin_client):
    p = make_practitioner("queue-clinic")
    old = Concern(
        practitioner=p,
        reason="details",
        details="Old phone number here.",
        created_at=utcnow() - timedelta(days=3),
    )
    urgent = Concern(practitioner=p, reason="harm", details=HARM)
    db.session.add_all([old, urgent])
    db.session.commit()
    assert [c.id for c in concerns.queue()] == [urgent.id, old.id]
    page = admin_client.get("/admin/concerns").text
    assert page.index(urgent.reference) < page.index(old.reference)
    assert "Urgent" in page


def test_concern_page_shows_other_concerns_and_a_one_click_suspend(app, admin, admin_client):
    p = make_practitioner("suspend-me")
    first = Concern(practitioner=p, reason="credentials", details="Badge number looks wrong.")
    urgent = Concern(practitioner=p, reason="harm", details=HARM)
    db.session.add_all([first, urgent])
    db.session.commit()
    page = admin_client.get(f"/admin/concerns/{urgent.id}").text
    assert first.reference in page  # the practitioner's other concern
    assert f'action="/admin/practitioners/{p.id}/suspend"' in page
    reason = page.split('name="reason"', 1)[1].split("</textarea>", 1)[0]
    assert urgent.reference in reason  # pre-filled: one click suspends
    response = admin_client.post(
        f"/admin/practitioners/{p.id}/suspend",
        data={"reason": f"Suspended while we look into concern {urgent.reference}."},
    )
    assert response.status_code == 302
    db.session.refresh(p)
    assert p.state is PublicationState.SUSPENDED
    assert urgent.status is ConcernStatus.OPEN


def test_a_mail_failure_never_loses_the_concern(app, admin, caplog):
    p = make_practitioner("mail-down")
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    response = _report(app.test_client(), p.slug, "harm", email="me@example.org")
    assert response.status_code == 302
    assert db.session.scalars(db.select(Concern)).one().reason == "harm"
    assert "could not send" in caplog.text


def test_the_dashboard_counts_urgent_concerns(app, admin, admin_client):
    p = make_practitioner("dash-clinic")
    db.session.add_all(
        [
            Concern(practitioner=p, reason="harm", details=HARM),
            Concern(practitioner=p, reason="safety", details="Reused needles seen."),
            Concern(practitioner=p, reason="other", details="Wrong opening hours."),
        ]
    )
    db.session.commit()
    page = admin_client.get("/admin/").text
    assert re.search(r'id="stat-urgent">2 urgent<', page)
