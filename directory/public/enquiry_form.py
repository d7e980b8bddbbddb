"""The "Send a message" form on a profile: its fields, and the two bot checks.

A honeypot field, hidden from people (and from screen readers), that bots fill in; and
a signed timestamp put in the form when it is shown, so a form sent back faster than a
person could type (``ENQUIRY_MIN_SECONDS``) or a day later is refused.
"""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import EmailField, HiddenField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from directory.models import Practitioner
from directory.services.enquiries import MAX_MESSAGE, MIN_MESSAGE
from directory.web.forms import Form
from directory.web.text import one_line

MAX_AGE_SECONDS = 24 * 3600
_SALT = "enquiry-form-started"


class EnquiryForm(Form):
    name = StringField(
        "Your name",
        filters=[one_line],
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Your name can have at most 120 characters."),
        ],
    )
    email = EmailField(
        "Your email address",
        filters=[one_line],
        validators=[
            DataRequired("Enter your email address, so they can reply."),
            Length(max=254, message="That email address is too long."),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address like name@example.com.",
            ),
        ],
    )
    phone = TelField(
        "Your phone number (optional)",
        filters=[one_line],
        validators=[
            Optional(),
            Regexp(r"^\+?[0-9 ()-]{7,20}$", message="Enter a phone number like 07700 900123."),
        ],
    )
    clinic = SelectField(
        "Preferred clinic",
        choices=[],
        validate_choice=True,
        invalid_choice_message="Choose one of the clinics listed.",
    )
    message = TextAreaField(
        "Your message",
        validators=[
            DataRequired("Write your message."),
            Length(
                min=MIN_MESSAGE,
                max=MAX_MESSAGE,
                message=f"Write your message in {MIN_MESSAGE} to {MAX_MESSAGE} characters.",
            ),
        ],
    )
    # Bots fill every field; people never see this one.
    website = StringField("Leave this empty")
    started = HiddenField()

    def offer_clinics(self, practitioner: Practitioner) -> None:
        self.clinic.choices = [("", "No preference")] + [
            (str(c.id), f"{c.name}, {c.town or c.postcode}") for c in practitioner.clinics
        ]

    def stamp(self) -> None:
        """Put a fresh signed timestamp in the form, as it is shown."""
        self.started.data = _serializer().dumps("enquiry")

    def looks_like_a_bot(self) -> bool:
        return bool((self.website.data or "").strip())

    def sent_too_fast(self) -> bool:
        """True when the timestamp is missing, forged, over a day old, or younger than
        ``ENQUIRY_MIN_SECONDS``."""
        try:
            _, signed_at = _serializer().loads(
                self.started.data or "", max_age=MAX_AGE_SECONDS, return_timestamp=True
            )
        except BadSignature:
            return True
        elapsed = time.time() - signed_at.timestamp()
        return elapsed < float(current_app.config["ENQUIRY_MIN_SECONDS"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)
