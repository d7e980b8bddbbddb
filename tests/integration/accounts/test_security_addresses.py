"""Addresses: look-alikes are refused or folded, and every per-address limit counts the
address the look-up finds, whatever control characters were typed into it."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import Account

from ._support import PASSWORD


def _emails() -> list[str]:
    return sorted(db.session.scalars(db.select(Account.email)))


def _sign_up(client, email):  # type: ignore[no-untyped-def]
    return client.post(
        "/sign-up", data={"email": email, "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    )


def test_a_cyrillic_letter_in_a_latin_address_is_refused(client, mailbox):
    _sign_up(client, "victim@example.org")
    answer = _sign_up(client, "v\u0456ctim@example.org")  # Cyrillic і
    assert answer.status_code == 400
    assert "different alphabets" in answer.text
    answer = _sign_up(client, "victim@ex\u0430mple.org")  # Cyrillic а in the domain
    assert answer.status_code == 400
    assert _emails() == ["victim@example.org"]
    # One script throughout is fine, Cyrillic included.
    assert _sign_up(client, "\u0438\u0432\u0430\u043d@example.org").status_code == 200


def test_a_full_width_address_is_the_same_account(client, mailbox):
    _sign_up(client, "victim@example.org")
    answer = _sign_up(client, "\uff56ictim@example.org")  # full-width ｖ
    assert answer.status_code == 200
    assert _emails() == ["victim@example.org"]
    assert mailbox.last()["Subject"] == "Someone tried to sign up with your email address"


def test_changing_to_a_look_alike_address_is_refused(signed_up):
    client = signed_up()
    answer = client.post(
        "/account/settings/email",
        data={"em-email": "amir\u0430@example.org", "em-password": PASSWORD},
    )
    assert answer.status_code == 400
    assert "different alphabets" in answer.text


@pytest.fixture
def limited(make_app):  # type: ignore[no-untyped-def]
    app = make_app(RATELIMIT_ENABLED=True)
    yield app
    make_app(RATELIMIT_ENABLED=False)


@pytest.mark.parametrize("path", ["/sign-in", "/reset-password", "/sign-up"])
def test_control_characters_do_not_start_a_fresh_count(limited, path):
    client = limited.test_client()
    _sign_up(client, "victim@example.org")
    variants = [
        "vic\x01tim@example.org",
        "victim@example.org\x00",
        "\x1fVICTIM@example.org",
        "vi\x7fctim@example.org",
        "victim\x02@example.org",
        "v\x03ictim@example.org",
    ]
    codes = []
    for i, email in enumerate(variants):
        guess = f"wrong guess {i:02d}"
        data = {"email": email, "password": guess, "confirm": guess, "terms": "y"}
        codes.append(
            client.post(path, data=data, environ_base={"REMOTE_ADDR": f"10.9.0.{i}"}).status_code
        )
    # Whichever limit applies (5 sign-ins, 3 resets or sign-ups an hour), the variants
    # all count as the one address, from six different client addresses.
    assert codes[-1] == 429, codes
