"""Sending a checked practitioner a message: relayed by email with Reply-To, never
showing their address; bots and floods are turned away; the owner can turn it off."""

from __future__ import annotations

import re
from datetime import timedelta

from factories import checked_practitioner, sign_in
from flask.testing import FlaskClient

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import ClaimStatus, Enquiry
from directory.services import retention

MESSAGE = "Hello, do you have any appointments for skin boosters next week?"


def _form(client: FlaskClient, slug: str) -> dict[str, str]:
    page = client.get(f"/practitioners/{slug}").text
    started = re.search(r'name="enquiry-started" type="hidden" value="([^"]+)"', page)
    assert started, "no enquiry form on the page"
    return {
        "enquiry-name": "Jo Patient",
        "enquiry-email": "Jo@Example.org",
        "enquiry-phone": "07700 900123",
        "enquiry-message": MESSAGE,
        "enquiry-clinic": "",
        "enquiry-started": started.group(1),
    }


def test_an_enquiry_reaches_the_owner_with_reply_to_and_stays_private(app, mailbox):
    p = checked_practitioner("message-me")
    clinic = p.clinics[1]
    client = app.test_client()
    page = client.get(f"/practitioners/{p.slug}").text
    assert "owner@example.org" not in page
    data = _form(client, p.slug) | {"enquiry-clinic": str(clinic.id)}
    response = client.post(f"/practitioners/{p.slug}/message", data=data)
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("#enquiry-sent")
    landed = client.get(response.headers["Location"]).text
    assert "Your message has been sent" in landed and "owner@example.org" not in landed

    [message] = mailbox.messages("owner@example.org")
    assert message["Reply-To"] == "jo@example.org"
    body = message.get_content()
    assert MESSAGE in body and "07700 900123" in body and clinic.name in body
    enquiry = db.session.scalars(db.select(Enquiry)).one()
    assert enquiry.relayed and enquiry.clinic_id == clinic.id

    owner = sign_in(app.test_client(), "owner@example.org")
    dashboard = owner.get("/account/").text
    assert "Jo Patient" in dashboard and MESSAGE in dashboard


def test_honeypot_is_answered_like_success_but_nothing_is_kept_or_sent(app, mailbox):
    p = checked_practitioner("honey")
    client = app.test_client()
    data = _form(client, p.slug) | {"enquiry-website": "http://spam.example"}
    response = client.post(f"/practitioners/{p.slug}/message", data=data)
    assert response.status_code == 302
    assert db.session.scalars(db.select(Enquiry)).all() == [] and mailbox.messages() == []


def test_a_form_sent_back_at_once_is_refused_with_the_message_kept(app, mailbox):
    app.config["ENQUIRY_MIN_SECONDS"] = 30
    p = checked_practitioner("too-fast")
    client = app.test_client()
    response = client.post(f"/practitioners/{p.slug}/message", data=_form(client, p.slug))
    assert response.status_code == 400
    assert "Please check your message, then send it again." in response.text
    assert MESSAGE in response.text
    assert mailbox.messages() == []
    forged = _form(client, p.slug) | {"enquiry-started": "made-up"}
    assert client.post(f"/practitioners/{p.slug}/message", data=forged).status_code == 400


def test_bad_input_is_a_form_error_not_a_500(app, mailbox):
    p = checked_practitioner("bad-input")
    client = app.test_client()
    data = _form(client, p.slug) | {
        "enquiry-email": "nope",
        "enquiry-message": "hi",
        "enquiry-clinic": "999999",
    }
    response = client.post(f"/practitioners/{p.slug}/message", data=data)
    assert response.status_code == 400
    assert "Enter an email address like name@example.com." in response.text
    assert "Choose one of the clinics listed." in response.text
    assert mailbox.messages() == []


def test_no_form_without_a_checked_credential_or_when_turned_off(app, mailbox):
    p = checked_practitioner("not-checked")
    client = app.test_client()
    data = _form(client, p.slug)
    p.claims[0].status = ClaimStatus.EXPIRED
    db.session.commit()
    assert 'id="message"' not in client.get(f"/practitioners/{p.slug}").text
    assert client.post(f"/practitioners/{p.slug}/message", data=data).status_code == 404

    q = checked_practitioner("turned-off", owner_email="off@example.org")
    owner = sign_in(app.test_client(), "off@example.org")
    assert owner.post("/account/enquiries", data={"accept": ""}).status_code == 302
    db.session.refresh(q)
    assert q.accepts_enquiries is False
    assert 'id="message"' not in client.get(f"/practitioners/{q.slug}").text
    assert owner.post("/account/enquiries", data={"accept": "y"}).status_code == 302
    db.session.refresh(q)
    assert q.accepts_enquiries is True
    assert mailbox.messages() == []


def test_enquiries_are_rate_limited_per_profile(make_limited_app):
    limited = make_limited_app(ENQUIRY_LIMIT_PROFILE="2 per day", ENQUIRY_LIMIT_IP="50 per day")
    p = checked_practitioner("popular")
    statuses = []
    for i in range(3):
        client = limited.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.9.0.{i}"
        response = client.post(f"/practitioners/{p.slug}/message", data=_form(client, p.slug))
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert re.search(r'id="retry-after">about \d+ hours<', response.text)
    assert "Your message was not sent" in response.text
    assert f'href="/practitioners/{p.slug}"' in response.text


def test_retention_deletes_old_enquiries_and_resolved_concerns(app):
    from directory.models import Concern, ConcernStatus

    p = checked_practitioner("old-mail")
    keep = retention.periods()
    now = utcnow()
    old = Enquiry(
        practitioner=p,
        name="A",
        email="a@example.org",
        message=MESSAGE,
        created_at=now - timedelta(days=keep.enquiry_days, minutes=1),
    )
    fresh = Enquiry(
        practitioner=p,
        name="B",
        email="b@example.org",
        message=MESSAGE,
        created_at=now - timedelta(days=keep.enquiry_days, minutes=-1),
    )
    closed_old = Concern(
        practitioner=p,
        reason="details",
        details="x" * 20,
        status=ConcernStatus.CLOSED,
        closed_at=now - timedelta(days=keep.concern_days, minutes=1),
    )
    still_open = Concern(
        practitioner=p,
        reason="harm",
        details="x" * 20,
        created_at=now - timedelta(days=3 * keep.concern_days),
    )
    db.session.add_all([old, fresh, closed_old, still_open])
    db.session.commit()
    report = retention.run(now)
    assert (report.enquiries, report.concerns) == (1, 1)
    assert [e.name for e in db.session.scalars(db.select(Enquiry))] == ["B"]
    assert [c.id for c in db.session.scalars(db.select(Concern))] == [still_open.id]


def test_the_hourly_command_runs_the_retention_deletes(app, runner):
    p = checked_practitioner("cli-mail")
    db.session.add(
        Enquiry(
            practitioner=p,
            name="A",
            email="a@example.org",
            message=MESSAGE,
            created_at=utcnow() - timedelta(days=400),
        )
    )
    db.session.commit()
    result = runner.invoke(args=["credentials", "expire"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 enquiries and 0 resolved concerns" in result.output
    assert db.session.scalars(db.select(Enquiry)).all() == []


def test_a_mail_failure_keeps_the_enquiry_and_the_owner_sees_it(app, caplog):
    p = checked_practitioner("mail-down")
    client = app.test_client()
    data = _form(client, p.slug)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    response = client.post(f"/practitioners/{p.slug}/message", data=data)
    assert response.status_code == 302
    enquiry = db.session.scalars(db.select(Enquiry)).one()
    assert enquiry.relayed is False and enquiry.message == MESSAGE
    assert "could not send" in caplog.text
    app.config["MAIL_BACKEND"] = "file"
    dashboard = sign_in(app.test_client(), "owner@example.org").get("/account/").text
    assert MESSAGE in dashboard and "we could not email this one to you" in dashboard


def test_line_breaks_in_a_name_never_reach_the_mail_headers(app, mailbox):
    p = checked_practitioner("headers")
    client = app.test_client()
    data = _form(client, p.slug) | {"enquiry-name": "Jo\r\nBcc: victim@example.org\nPatient"}
    assert client.post(f"/practitioners/{p.slug}/message", data=data).status_code == 302
    [message] = mailbox.messages("owner@example.org")
    assert message["Bcc"] is None
    subject = " ".join(str(message["Subject"]).split())  # a long header may be folded
    assert subject == "New enquiry from Jo Bcc: victim@example.org Patient via Find a Practitioner"
    assert db.session.scalars(db.select(Enquiry)).one().relayed
