"""Forms on the public pages. They check shape only; ``services.concerns`` checks rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from directory.models.concerns import ConcernReason
from directory.services.concerns import MAX_DETAILS, MIN_DETAILS

# Kept in what people write: line breaks and tabs. Everything else invisible goes
# (PostgreSQL refuses NUL; other control characters only hide text from the admins).
KEPT_CONTROLS = "\n\t"


def clean_text(value: str | None) -> str | None:
    """``value`` with control characters other than line breaks and tabs made spaces,
    stripped; None stays None. Run before the validators, so lengths count what will be stored."""
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch if ch.isprintable() or ch in KEPT_CONTROLS else " " for ch in text).strip()


REASON_CHOICES = [
    SelectChoice(ConcernReason.HARM.value, "I was harmed, or I am worried about my health now"),
    SelectChoice(ConcernReason.CREDENTIALS.value, "A credential or registration looks wrong"),
    SelectChoice(
        ConcernReason.SAFETY.value, "Something unsafe happened, or a treatment went wrong"
    ),
    SelectChoice(ConcernReason.DETAILS.value, "Address, prices or contact details are out of date"),
    SelectChoice(ConcernReason.OTHER.value, "Something else"),
]


class ConcernForm(FlaskForm):
    reason = RadioField(
        "What is your concern about?",
        choices=REASON_CHOICES,
        validators=[InputRequired("Choose what your concern is about.")],
        invalid_choice_message="Choose what your concern is about.",
    )
    details = TextAreaField(
        "Tell us what happened",
        filters=[clean_text],
        validators=[
            DataRequired("Tell us what happened."),
            Length(
                min=MIN_DETAILS,
                max=MAX_DETAILS,
                message=f"Tell us what happened in {MIN_DETAILS} to {MAX_DETAILS} characters.",
            ),
        ],
    )
    email = EmailField(
        "Your email address (optional)",
        filters=[clean_text],
        validators=[
            Optional(),
            Length(max=254, message="That email address is too long."),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address like name@example.com.",
            ),
        ],
    )
