"""Every page carries the security headers; files that set their own policy keep it."""

from __future__ import annotations

from directory.security import HTML_POLICY


def test_html_pages_get_a_strict_policy(client):
    for url in ("/health", "/no-such-page"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["Content-Security-Policy"] == HTML_POLICY
    assert "script-src 'self'" in HTML_POLICY and "unsafe-inline" not in HTML_POLICY
    assert "Content-Security-Policy" not in client.get("/health").headers  # JSON, not HTML


def test_error_answers_keep_the_headers_that_say_what_to_do(client):
    response = client.delete("/health")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_response_keeps_the_headers_it_set_and_gets_each_default_once(app):
    from flask import Response

    from directory.security import _headers

    with app.test_request_context("/"):
        own = Response("x", mimetype="text/html")
        own.headers["x-frame-options"] = "DENY"
        own.headers["Content-Security-Policy"] = "default-src 'none'"
        names = [name for name, _ in _headers(own).headers.items()]
        assert own.headers.getlist("X-Frame-Options") == ["DENY"]
        assert own.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
        assert names[-4:] == [
            "Cross-Origin-Opener-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Permissions-Policy",
        ]
        plain = _headers(Response("{}", mimetype="application/json")).headers
        assert [plain.getlist(name) for name, _ in plain.items()] == [
            [value] for _, value in plain.items()
        ]
