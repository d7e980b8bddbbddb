"""New passwords are checked against common and breached passwords, offline."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import Account
from directory.services import accounts

from ._support import PASSWORD

# All 12+ characters, so only the list check can refuse them: a breached-list entry,
# keyboard walks, a dictionary word repeated, one built from the address.
WEAK = ["qwerty123456", "1qaz2wsx3edc", "passwordpassword", "Password1234", "amiraamira12"]


@pytest.mark.parametrize("weak", WEAK)
def test_sign_up_refuses_a_common_password(client, weak):
    answer = client.post(
        "/sign-up",
        data={"email": "amira@example.org", "password": weak, "confirm": weak, "terms": "y"},
    )
    assert answer.status_code == 400
    assert "too easy to guess" in answer.text
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 0


def test_reset_and_change_refuse_it_too(client, signed_up, mailbox):
    signed_up()
    weak = "qwerty123456"
    answer = client.post(
        "/account/settings/password",
        data={"pw-current": PASSWORD, "pw-password": weak, "pw-confirm": weak},
    )
    assert answer.status_code == 400 and "too easy to guess" in answer.text
    client.post("/reset-password", data={"email": "amira@example.org"})
    link = mailbox.link("amira@example.org")
    answer = client.post(link, data={"password": weak, "confirm": weak})
    assert answer.status_code == 400 and "too easy to guess" in answer.text


def test_create_admin_refuses_it(app):
    with pytest.raises(accounts.AccountError, match="too easy to guess"):
        accounts.create_admin("boss@example.org", "administrator1")


def test_a_long_passphrase_is_fine_and_so_is_a_long_password_past_the_scored_part(client):
    long = "correct horse battery staple " * 6
    answer = client.post(
        "/sign-up",
        data={"email": "amira@example.org", "password": long, "confirm": long, "terms": "y"},
    )
    assert answer.status_code == 200
