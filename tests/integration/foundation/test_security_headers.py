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
