"""The session cookie's serializer is kept between requests, and follows the keys."""

from __future__ import annotations

from directory.auth.cookie_session import KeptSerializerSessionInterface


def test_the_serializer_is_kept_per_secret_key_and_fallbacks(app):
    interface = app.session_interface
    assert isinstance(interface, KeptSerializerSessionInterface)
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    token = first.dumps({"a": 1})
    old_key = app.secret_key
    app.secret_key = "another-secret-key-" + "x" * 32
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first and rotated.dumps({"a": 1}) != token
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    with_fallback = interface.get_signing_serializer(app)
    assert with_fallback is not rotated
    assert with_fallback.loads(token) == {"a": 1}  # a cookie signed with the old key


def test_a_session_cookie_round_trips(app, client):
    with app.test_request_context("/"):
        from flask import session

        session["k"] = "v"
        response = app.response_class()
        app.session_interface.save_session(app, session, response)
        cookie = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    name = app.config["SESSION_COOKIE_NAME"]
    with app.test_request_context("/", headers={"Cookie": f"{name}={cookie}"}):
        from flask import session

        assert session["k"] == "v"
