"""Sessions end on the server: at sign-out, when idle, and when old."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import AccountSession
from directory.services import accounts

from ._support import PASSWORD


def _copy_cookies(source, target) -> None:  # type: ignore[no-untyped-def]
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain)


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, client, signed_up):
    signed_up()
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert thief.get("/account/").status_code == 200  # the copy works while signed in
    client.post("/sign-out")
    assert thief.get("/account/").status_code == 302
    assert db.session.scalar(db.select(db.func.count(AccountSession.id))) == 0


def test_other_devices_stay_signed_in_after_one_signs_out(app, client, signed_up):
    signed_up()
    laptop = app.test_client()
    laptop.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    client.post("/sign-out")
    assert laptop.get("/account/").status_code == 200


def _age_sessions(**ago: timedelta) -> None:
    values = {column: utcnow() - delta for column, delta in ago.items()}
    db.session.execute(update(AccountSession).values(**values))
    db.session.commit()


def test_an_idle_session_ends(app, client, signed_up):
    signed_up()
    idle = app.config["SESSION_IDLE_SECONDS"]
    _age_sessions(last_seen_at=timedelta(seconds=idle - 120))
    assert client.get("/account/").status_code == 200  # and this use is noted...
    _age_sessions(created_at=timedelta(hours=1))
    seen = db.session.scalar(db.select(AccountSession.last_seen_at))
    assert utcnow() - seen < timedelta(seconds=30)
    _age_sessions(last_seen_at=timedelta(seconds=idle + 1))
    assert client.get("/account/").status_code == 302


def test_a_busy_session_still_ends_at_its_absolute_lifetime(app, client, signed_up):
    signed_up()
    longest = app.config["SESSION_MAX_SECONDS"]
    _age_sessions(created_at=timedelta(seconds=longest - 60))
    assert client.get("/account/").status_code == 200
    _age_sessions(created_at=timedelta(seconds=longest + 1), last_seen_at=timedelta(0))
    assert client.get("/account/").status_code == 302
    # Signing in again starts afresh, and the lapsed record is cleared away.
    client.post("/sign-in", data={"email": "amira@example.org", "password": PASSWORD})
    assert client.get("/account/").status_code == 200
    assert db.session.scalar(db.select(db.func.count(AccountSession.id))) == 1


def test_the_table_keeps_digests_not_keys(client, signed_up):
    signed_up()
    with client.session_transaction() as session:
        key = session["sid"]
    stored = db.session.scalar(db.select(AccountSession.key_digest))
    assert key not in stored and len(stored) == 64


def test_signed_in_and_admin_answers_are_never_stored(app, client, signed_up):
    signed_up()
    for path in ("/account/", "/account/settings", "/", "/search?location=Leeds"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    client.post("/sign-out")
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    accounts.create_admin("admin@example.org", PASSWORD)
    admin = app.test_client()
    admin.post("/sign-in", data={"email": "admin@example.org", "password": PASSWORD})
    assert admin.get("/admin/").headers["Cache-Control"] == "no-store"
