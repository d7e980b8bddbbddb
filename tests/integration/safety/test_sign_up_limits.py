"""Sign-up limits that do not lock people out: only verification emails sent to an
address count against it; typos and blank forms are form errors, never a 429; the 429
page says how long to wait and what to do meanwhile."""

from __future__ import annotations

import re

from factories import PASSWORD

from directory.extensions import db
from directory.models import Account, AuditEntry

GOOD = {"email": "amira@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}


def test_typos_do_not_use_up_the_address_and_the_right_attempt_works(make_limited_app, mailbox):
    client = make_limited_app(
        AUTH_LIMIT_SIGN_UP_EMAIL="3 per hour", AUTH_LIMIT_SIGN_UP_IP="50 per hour"
    ).test_client()
    for typo in ("correct horse battery stapel", "short", ""):
        answer = client.post("/sign-up", data=GOOD | {"confirm": typo})
        assert answer.status_code == 400
    short = client.post("/sign-up", data=GOOD | {"password": "short", "confirm": "short"})
    assert short.status_code == 400
    right = client.post("/sign-up", data=GOOD)
    assert right.status_code == 200 and "Check your email" in right.text
    assert len(mailbox.messages("amira@example.org")) == 1


def test_blank_and_invalid_addresses_are_form_errors_not_429(make_limited_app):
    limited = make_limited_app(
        AUTH_LIMIT_SIGN_UP_EMAIL="1 per hour",
        AUTH_LIMIT_RESET_EMAIL="1 per hour",
        AUTH_LIMIT_SIGN_UP_IP="50 per hour",
        AUTH_LIMIT_RESET_IP="50 per hour",
    )
    for i in range(4):
        client = limited.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.7.0.{i}"
        for email in ("", "   ", "not-an-email"):
            assert client.post("/sign-up", data=GOOD | {"email": email}).status_code == 400
            assert client.post("/reset-password", data={"email": email}).status_code == 400
    # Someone else's real request still goes through.
    other = limited.test_client()
    assert other.post("/reset-password", data={"email": "jo@example.org"}).status_code == 200


def test_the_fourth_email_to_one_address_waits_and_the_page_says_how_long(
    make_limited_app, mailbox
):
    limited = make_limited_app(
        AUTH_LIMIT_SIGN_UP_EMAIL="3 per hour", AUTH_LIMIT_SIGN_UP_IP="50 per hour"
    )
    codes = []
    for i in range(4):
        client = limited.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.8.0.{i}"
        response = client.post("/sign-up", data=GOOD)
        codes.append(response.status_code)
    assert codes == [200, 200, 200, 429]
    assert len(mailbox.messages("amira@example.org")) == 3
    wait = int(response.headers["Retry-After"])
    assert 3500 < wait <= 3600
    said = re.search(r'id="retry-after">([^<]+)<', response.text).group(1)
    assert said == f"about {-(-wait // 60)} minutes" and "wait a minute" not in response.text
    assert 'href="/sign-in"' in response.text and 'href="/reset-password"' in response.text


def test_the_ip_limit_page_states_the_real_wait(make_limited_app):
    client = make_limited_app(AUTH_LIMIT_SIGN_UP_IP="2 per hour").test_client()
    codes = [
        client.post("/sign-up", data=GOOD | {"email": f"p{i}@example.org"}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
    page = client.post("/sign-up", data=GOOD).text
    assert re.search(r'id="retry-after">about (\d+) minutes<', page)
    assert "Please wait a minute" not in page


def test_sign_up_needs_the_terms_and_records_when_they_were_accepted(app, mailbox):
    client = app.test_client()
    refused = client.post("/sign-up", data=GOOD | {"terms": ""})
    assert refused.status_code == 400
    assert "Accept the terms of use to create an account." in refused.text
    assert db.session.scalars(db.select(Account)).all() == []
    assert client.post("/sign-up", data=GOOD).status_code == 200
    account = db.session.scalars(db.select(Account)).one()
    assert account.terms_accepted_at is not None
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="account.sign_up")).one()
    assert entry.after["terms_accepted"] is True
    form = client.get("/sign-up").text.split("<form", 1)[1].split("</form>", 1)[0]
    assert 'href="/terms#practitioners"' in form and 'href="/privacy#practitioners"' in form
