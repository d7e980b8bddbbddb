"""A visitor's session cookie is set once, when a form first needs its CSRF token, not
re-signed on every page; a signed-in session is still ended when used from elsewhere."""

from __future__ import annotations

import re

from tests.factories import make_account, sign_in

from ._support import published_with_badges


def _cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.getlist("Set-Cookie")


def test_a_visitor_gets_the_session_cookie_once_and_csrf_still_guards_the_form(seeded, client):
    seeded.config["WTF_CSRF_ENABLED"] = True
    p = published_with_badges()
    first = client.get(f"/practitioners/{p.slug}")
    assert [c.split("=", 1)[0] for c in _cookies(first)] == ["session"]  # the CSRF token
    again = client.get(f"/practitioners/{p.slug}")
    assert _cookies(again) == []
    assert _cookies(client.get("/search?location=Leeds")) == []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', again.text)
    assert token is not None
    data = {"reason": "other", "details": "Something long enough here."}
    assert client.post(f"/practitioners/{p.slug}/concern", data=data).status_code == 400
    sent = client.post(
        f"/practitioners/{p.slug}/concern", data={**data, "csrf_token": token.group(1)}
    )
    assert sent.status_code == 302


def test_a_signed_in_session_used_from_another_browser_is_signed_out(seeded, client):
    make_account("moved@example.org")
    sign_in(client, "moved@example.org")
    assert client.get("/account/").status_code == 200
    elsewhere = client.get("/account/", headers={"User-Agent": "another browser"})
    assert elsewhere.status_code == 302 and "/sign-in" in elsewhere.headers["Location"]
