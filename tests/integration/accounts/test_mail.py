"""The mail interface: file, log and SMTP backends (SMTP faked at the smtplib boundary)."""

from __future__ import annotations

import logging

import pytest

from directory.services import mail


class FakeSMTP:
    sent: list[tuple[str, object]] = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.sent.append(("connect", (host, port)))

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sent.append(("quit", None))

    def starttls(self) -> None:
        self.sent.append(("starttls", None))

    def login(self, user: str, password: str) -> None:
        self.sent.append(("login", user))

    def send_message(self, message: object) -> None:
        self.sent.append(("send", message))


def test_file_backend_writes_an_eml(app, mailbox):
    mail.send("jo@example.org", "Hello", "Body text")
    message = mailbox.last("jo@example.org")
    assert message["Subject"] == "Hello" and "Body text" in message.get_content()


def test_log_backend(app, caplog):
    app.config["MAIL_BACKEND"] = "log"
    with caplog.at_level(logging.INFO, logger="directory.mail"):
        mail.send("jo@example.org", "Hello", "Body text")
    assert "jo@example.org" in caplog.text


def test_smtp_backend_uses_configuration(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="smtp.example.org",
        MAIL_PORT=2525,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="robot",
        MAIL_PASSWORD="pw",
        MAIL_FROM="Directory <no-reply@example.org>",
    )
    mail.send("jo@example.org", "Hello", "Body text")
    steps = [step for step, _ in FakeSMTP.sent]
    assert steps == ["connect", "starttls", "login", "send", "quit"]
    assert FakeSMTP.sent[0][1] == ("smtp.example.org", 2525)
    assert FakeSMTP.sent[3][1]["From"] == "Directory <no-reply@example.org>"


def test_unknown_backend_is_an_error(app):
    app.config["MAIL_BACKEND"] = "pigeon"
    with pytest.raises(mail.MailError):
        mail.send("jo@example.org", "Hello", "Body")


def test_a_mail_failure_does_not_break_the_page_or_lose_the_account(client, app, caplog):
    """The account change is committed first; a broken SMTP server is logged, and the
    person can ask for another link once mail works again."""
    from directory.services import accounts

    from ._support import PASSWORD

    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/sign-up",
            data={
                "email": "jo@example.org",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "terms": "y",
            },
        )
    assert response.status_code == 200 and "Check your email" in response.text
    assert accounts.find_by_email("jo@example.org") is not None
    assert "could not send" in caplog.text


def test_smtp_over_ssl_and_without_login(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP_SSL", FakeSMTP)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="smtp.example.org", MAIL_USE_SSL=True)
    mail.send("jo@example.org", "Hello", "Body text")
    steps = [step for step, _ in FakeSMTP.sent]
    assert steps == ["connect", "send", "quit"]
    assert FakeSMTP.sent[0][1] == ("smtp.example.org", 465)


def test_headers_cannot_be_injected_through_an_address(app):
    with pytest.raises((ValueError, mail.MailError)):
        mail.send("jo@example.org\r\nBcc: everyone@example.org", "Hello", "Body")
