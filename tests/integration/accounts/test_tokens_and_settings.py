"""Verification, reset and email-change links; password and email changes."""

from __future__ import annotations

from flask.testing import FlaskClient

from directory.extensions import db
from directory.models import Account
from directory.services import accounts, tokens
from directory.services.tokens import Purpose

from ._support import PASSWORD

NEW_PASSWORD = "a completely different passphrase"


def _account(email: str = "amira@example.org") -> Account:
    db.session.expire_all()
    found = accounts.find_by_email(email)
    assert found is not None
    return found


def test_verification_link_works_once(client, mailbox):
    client.post(
        "/sign-up",
        data={"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"},
    )
    link = mailbox.link("jo@example.org")
    assert client.post(link, data={"password": PASSWORD}).status_code == 302
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.text


def test_forged_expired_and_cross_purpose_tokens_are_refused(client, signed_up):
    signed_up()
    account = _account()
    good = tokens.issue(Purpose.RESET_PASSWORD, account)
    forged = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    expired = tokens.issue(Purpose.RESET_PASSWORD, account, age_seconds=2 * 3600)
    other_purpose = tokens.issue(Purpose.VERIFY_EMAIL, account)
    for token in (forged, expired, other_purpose, "nonsense"):
        response = client.get(f"/reset-password/{token}")
        assert response.status_code == 400, token
        response = client.post(
            f"/reset-password/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        )
        assert response.status_code == 400
    assert accounts.check_password(_account(), PASSWORD)
    # A token signed with another key is forged too.
    client.application.config["SECRET_KEY"] = "another-secret-key-of-sufficient-length-000"
    stranger = tokens.issue(Purpose.RESET_PASSWORD, account)
    client.application.config["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
    assert client.get(f"/reset-password/{stranger}").status_code == 400


def test_password_reset_is_single_use_and_ends_sessions(app, client, signed_up, mailbox):
    signed_up()
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    assert other_device.get("/account/").status_code == 200

    response = client.post("/reset-password", data={"email": "amira@example.org"})
    assert "Check your email" in response.text
    link = mailbox.link("amira@example.org")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert accounts.check_password(_account(), NEW_PASSWORD)
    assert other_device.get("/account/").status_code == 302  # signed out
    response = client.post(link, data={"password": PASSWORD, "confirm": PASSWORD, "terms": "y"})
    assert response.status_code == 400  # the link died when used
    assert mailbox.last()["Subject"] == "Your password was changed"


def test_reset_for_unknown_address_answers_the_same(client, signed_up, mailbox):
    signed_up()
    sent = len(mailbox.messages())
    known = client.post("/reset-password", data={"email": "amira@example.org"})
    unknown = client.post("/reset-password", data={"email": "ghost@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("amira@example.org", "E") == unknown.text.replace(
        "ghost@example.org", "E"
    )
    # Both get a message (the same work, so the same time): a link, or "no account here".
    assert len(mailbox.messages()) == sent + 2
    assert "has no account with us" in mailbox.last("ghost@example.org").get_content()
    assert "/reset-password/" in mailbox.last("amira@example.org").get_content()


def test_change_password_asks_for_the_current_one_and_ends_other_sessions(app, signed_up):
    client: FlaskClient = signed_up()
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})

    response = client.post(
        "/account/settings/password",
        data={
            "pw-current": "not my password",
            "pw-password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert accounts.check_password(_account(), PASSWORD)

    response = client.post(
        "/account/settings/password",
        data={"pw-current": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert accounts.check_password(_account(), NEW_PASSWORD)
    assert client.get("/account/").status_code == 200  # this session carries on
    assert other_device.get("/account/").status_code == 302  # the other one has ended


def test_change_email_needs_password_and_confirmation(client, signed_up, mailbox):
    signed_up()
    response = client.post(
        "/account/settings/email",
        data={"em-email": "new@example.org", "em-password": "wrong password"},
    )
    assert response.status_code == 400
    response = client.post(
        "/account/settings/email", data={"em-email": "new@example.org", "em-password": PASSWORD}
    )
    assert response.status_code == 302
    assert _account().email == "amira@example.org"  # nothing changes until confirmed
    link = mailbox.link("new@example.org")
    assert client.get(link).status_code == 302
    assert accounts.find_by_email("new@example.org") is not None
    assert "changed to" in mailbox.last("amira@example.org").get_content()
    assert client.get("/account/").status_code == 200  # still signed in
    assert client.get(link).status_code == 400  # single use


def test_change_to_a_taken_address_reveals_nothing(client, signed_up, mailbox):
    signed_up("taken@example.org")
    client.post("/sign-out")
    signed_up()
    sent = len(mailbox.messages())
    response = client.post(
        "/account/settings/email", data={"em-email": "taken@example.org", "em-password": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mailbox.messages()) == sent


def test_links_stop_working_when_the_account_is_deactivated(client, signed_up, mailbox):
    signed_up()
    client.post("/sign-out")
    client.post("/reset-password", data={"email": "amira@example.org"})
    link = mailbox.link("amira@example.org")
    account = _account()
    account.is_active = False
    db.session.commit()
    assert client.get(link).status_code == 400
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert accounts.check_password(_account(), PASSWORD)


def test_a_weak_new_password_keeps_the_link_usable(client, signed_up, mailbox):
    signed_up()
    client.post("/reset-password", data={"email": "amira@example.org"})
    link = mailbox.link("amira@example.org")
    response = client.post(link, data={"password": "short", "confirm": "short"})
    assert response.status_code == 400
    assert "Use between 12 and 200 characters" in response.text
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert accounts.check_password(_account(), NEW_PASSWORD)


def test_resend_verification_mails_a_fresh_working_link(client, mailbox):
    data = {"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    client.post("/sign-up", data=data)
    client.post("/sign-in", data={"email": "jo@example.org", "password": PASSWORD})
    assert client.get("/verify-email").status_code == 200
    assert client.post("/verify-email/resend").status_code == 302
    assert len(mailbox.messages()) == 2
    assert client.get(mailbox.link("jo@example.org")).status_code == 302
    assert _account("jo@example.org").email_verified
