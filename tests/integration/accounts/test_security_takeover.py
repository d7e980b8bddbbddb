"""Pre-registration takeover: a confirmation link alone never verifies an account whose
password the clicker does not know."""

from __future__ import annotations

from directory.extensions import db
from directory.models import Account
from directory.services import accounts

from ._support import PASSWORD

ATTACKER_PASSWORD = "attacker chose this one"


def _account(email: str = "victim@example.org") -> Account:
    db.session.expire_all()
    found = accounts.find_by_email(email)
    assert found is not None
    return found


def test_clicking_someone_elses_sign_up_link_does_not_hand_them_a_verified_account(
    app, client, mailbox
):
    attacker = app.test_client()
    data = {"email": "victim@example.org", "password": ATTACKER_PASSWORD, "terms": "y"}
    attacker.post("/sign-up", data=data | {"confirm": ATTACKER_PASSWORD})
    link = mailbox.link("victim@example.org")

    # The victim clicks "confirm" in a browser that is not signed in: a password is asked.
    page = client.get(link)
    assert page.status_code == 200
    assert 'type="password"' in page.text
    assert not _account().email_verified
    # Guessing fails and changes nothing.
    wrong = client.post(link, data={"password": PASSWORD})
    assert wrong.status_code == 400
    assert "reset its password" in wrong.text
    assert not _account().email_verified

    # The attacker, signed in with the chosen password, still cannot use the area...
    attacker.post("/sign-in", data={"email": "victim@example.org", "password": ATTACKER_PASSWORD})
    assert attacker.get("/account/").headers["Location"].endswith("/verify-email")
    # ...and once the victim resets the password, the attacker's session is over.
    client.post("/reset-password", data={"email": "victim@example.org"})
    reset = mailbox.link("victim@example.org")
    client.post(reset, data={"password": PASSWORD, "confirm": PASSWORD})
    assert _account().email_verified
    assert attacker.get("/account/").status_code == 302
    assert accounts.authenticate("victim@example.org", ATTACKER_PASSWORD) is None


def test_the_owner_confirms_with_the_password_or_while_signed_in(app, client, mailbox):
    data = {"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    client.post("/sign-up", data=data)
    phone = app.test_client()  # the link opened in another browser
    response = phone.post(mailbox.link("jo@example.org"), data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/")
    assert _account("jo@example.org").email_verified
    assert phone.get("/account/").status_code == 200

    client.post("/sign-up", data=data | {"email": "kim@example.org"})
    client.post("/sign-in", data={"email": "kim@example.org", "password": PASSWORD})
    assert client.get(mailbox.link("kim@example.org")).status_code == 302
    assert _account("kim@example.org").email_verified


def test_a_reset_link_in_the_old_mailbox_dies_with_an_email_change(client, signed_up, mailbox):
    signed_up()
    client.post("/reset-password", data={"email": "amira@example.org"})
    old_link = mailbox.link("amira@example.org")
    client.post(
        "/account/settings/email", data={"em-email": "new@example.org", "em-password": PASSWORD}
    )
    assert client.get(mailbox.link("new@example.org")).status_code == 302
    assert _account("new@example.org").email == "new@example.org"
    data = {"password": ATTACKER_PASSWORD, "confirm": ATTACKER_PASSWORD}
    answer = client.post(old_link, data=data)
    assert answer.status_code == 400
    assert accounts.authenticate("new@example.org", PASSWORD) is not None
