"""Sign-up, verification, sign-in and sign-out through the test client."""

from __future__ import annotations

from directory.extensions import db
from directory.models import Account, AuditEntry
from directory.services import accounts

from ._support import PASSWORD


def test_sign_up_verify_and_sign_in(client, mailbox):
    response = client.post(
        "/sign-up",
        data={
            "email": "Amira@Example.org ",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "terms": "y",
        },
    )
    assert response.status_code == 200
    assert "Check your email" in response.text
    account = accounts.find_by_email("amira@example.org")
    assert account is not None and not account.email_verified
    assert account.password_hash.startswith("$argon2id$")

    # Signed in but unverified: the profile editor sends you to confirm first.
    client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    assert client.get("/account/").headers["Location"].endswith("/verify-email")

    response = client.get(mailbox.link("amira@example.org"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Account, account.id).email_verified
    assert client.get("/account/").status_code == 200
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"account.sign_up", "account.verify_email"} <= actions


def test_sign_up_twice_answers_the_same_and_mails_the_owner(client, mailbox):
    data = {"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    first = client.post("/sign-up", data=data)
    other = "a different strong passphrase"
    second = client.post("/sign-up", data=data | {"password": other, "confirm": other})
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert "already has an account" in mailbox.last("jo@example.org").get_content()
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 1


def test_sign_up_checks_shape(client):
    response = client.post(
        "/sign-up", data={"email": "not-an-email", "password": "short", "confirm": "other"}
    )
    assert response.status_code == 400
    assert "Enter an email address like name@example.org" in response.text
    assert "Use between 12 and 200 characters" in response.text
    assert "The two passwords do not match" in response.text
    assert 'value="not-an-email"' in response.text  # kept for correcting
    empty = client.post("/sign-up", data={})
    assert empty.status_code == 400
    assert "Enter your email address." in empty.text and "Choose a password." in empty.text
    same = client.post(
        "/sign-up",
        data={
            "email": "jo@example.org",
            "password": "jo@example.org",
            "confirm": "jo@example.org",
            "terms": "y",
        },
    )
    assert same.status_code == 400 and "must not be your email address" in same.text
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 0


def test_a_taken_address_costs_the_same_hashing_as_a_new_one(client, monkeypatch):
    data = {"email": "jo@example.org", "password": PASSWORD, "confirm": PASSWORD, "terms": "y"}
    client.post("/sign-up", data=data)
    hashed: list[str] = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda p: hashed.append(p) or real(p))
    client.post("/sign-up", data=data | {"email": "new@example.org"})
    client.post("/sign-up", data=data)  # taken: answered the same, after the same work
    assert len(hashed) == 2


def test_sign_in_form_errors_are_400_and_say_what_is_missing(client):
    response = client.post("/sign-in", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert "Enter your email address." in response.text
    assert "Enter your password." in response.text


def test_wrong_password_and_unknown_address_fail_alike(client, signed_up):
    signed_up("jo@example.org")
    client.post("/sign-out")
    client.get("/sign-in")  # shows the "signed out" message once
    wrong = client.post("/sign-in", data={"email": "jo@example.org", "password": "wrong" * 4})
    unknown = client.post("/sign-in", data={"email": "nobody@example.org", "password": "x" * 20})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.text.replace("jo@example.org", "E") == unknown.text.replace(
        "nobody@example.org", "E"
    )


def test_sign_in_starts_a_fresh_session_and_sign_out_ends_it(client, signed_up):
    signed_up()
    client.post("/sign-out")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session
    assert client.get("/account/").status_code == 200
    client.post("/sign-out")
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/account/").status_code == 302


def test_next_only_redirects_within_the_site(client, signed_up):
    signed_up()
    client.post("/sign-out")
    data = {"email": "amira@example.org", "password": PASSWORD}
    response = client.post("/sign-in?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/account/"
    client.post("/sign-out")
    response = client.post("/sign-in?next=/account/clinics", data=data)
    assert response.headers["Location"] == "/account/clinics"


def test_inactive_account_cannot_sign_in(client, signed_up):
    signed_up()
    client.post("/sign-out")
    account = accounts.find_by_email("amira@example.org")
    account.is_active = False
    db.session.commit()
    response = client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    assert response.status_code == 401
