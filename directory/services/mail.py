"""Outgoing email through one small interface: ``send(to, subject, body)``.

The backend is configuration, not code (``MAIL_BACKEND``):

- ``file``: writes each message as an ``.eml`` file under ``MAIL_DIR``
  (default ``<instance>/mail``); development and tests read them there.
- ``log``: logs the message at INFO on the ``directory.mail`` logger.
- ``smtp``: sends through ``MAIL_SERVER``:``MAIL_PORT``, from ``MAIL_FROM``: over TLS
  from the first byte when ``MAIL_USE_SSL`` (port 465 by default), else with STARTTLS
  unless ``MAIL_USE_TLS`` is false (port 587 by default); logs in when ``MAIL_USERNAME``
  is set (``MAIL_PASSWORD`` comes from the environment, never from the repository).

In production set, for example, ``DIRECTORY_MAIL_BACKEND=smtp``,
``DIRECTORY_MAIL_SERVER=smtp.example.org``, ``DIRECTORY_MAIL_USERNAME=...``,
``DIRECTORY_MAIL_PASSWORD=...`` and ``DIRECTORY_MAIL_FROM="Find a Practitioner
<no-reply@example.org>"``.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template

logger = logging.getLogger("directory.mail")

DEFAULT_FROM = "Find a Practitioner <no-reply@localhost>"


class MailError(RuntimeError):
    """The configured backend could not take the message."""


def build(to: str, subject: str, body: str, reply_to: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"] or DEFAULT_FROM
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="find-a-practitioner")
    message.set_content(body)
    return message


def deliver(
    to: str, subject: str, template: str, reply_to: str | None = None, **context: Any
) -> bool:
    """Render ``templates/<template>.txt`` and send it; False (logged) when the backend
    refused it. For mail that follows a change already committed, which stands either
    way: the person can ask again (a new link) or will hear at the next event."""
    body = render_template(f"{template}.txt", **context)
    try:
        send(to, subject, body, reply_to=reply_to)
    except MailError:
        logger.exception("could not send %r to %s", subject, to)
        return False
    return True


def send(to: str, subject: str, body: str, reply_to: str | None = None) -> None:
    """Hand one plain-text message to the configured backend.

    Raises ``MailError`` for an unknown backend, a header that cannot be sent (a line
    break in an address) or an SMTP failure.
    """
    try:
        message = build(to, subject, body, reply_to)
    except ValueError as exc:  # e.g. a line break in an address: never send that
        raise MailError(f"Refused to build a message to {to!r}: {exc}") from exc
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "file":
        _to_file(message)
    elif backend == "log":
        logger.info("Mail to %s: %s\n%s", to, subject, body)
    elif backend == "smtp":
        _to_smtp(message)
    else:
        raise MailError(f"Unknown MAIL_BACKEND {backend!r}: use file, log or smtp.")


def mail_dir() -> Path:
    configured = current_app.config["MAIL_DIR"]
    return Path(configured) if configured else Path(current_app.instance_path) / "mail"


def _to_file(message: EmailMessage) -> None:
    folder = mail_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # A sortable name: nanosecond clock first, then randomness against collisions.
    path = folder / f"{time.time_ns()}-{secrets.token_hex(4)}.eml"
    path.write_bytes(bytes(message))


def _to_smtp(message: EmailMessage) -> None:
    config = current_app.config
    ssl = bool(config["MAIL_USE_SSL"])
    connect = smtplib.SMTP_SSL if ssl else smtplib.SMTP
    try:
        port = int(config["MAIL_PORT"] or (465 if ssl else 587))
        with connect(config["MAIL_SERVER"], port, timeout=10) as smtp:
            if not ssl and config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, KeyError, ValueError) as exc:
        raise MailError(f"Could not send mail by SMTP: {exc}") from exc
