"""Forms on the public pages. They check shape only; ``services.concerns`` checks rules.
Typed text is cleaned by the base ``web.forms.Form`` (line breaks and tabs kept in the
details)."""

from __future__ import annotations

from wtforms import EmailField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from directory.models.concerns import ConcernReason
from directory.services.concerns import MAX_DETAILS, MIN_DETAILS
from directory.web.forms import Form

REASON_CHOICES = [
    SelectChoice(ConcernReason.HARM.value, "I was harmed, or I am worried about my health now"),
    SelectChoice(ConcernReason.CREDENTIALS.value, "A credential or registration looks wrong"),
    SelectChoice(
        ConcernReason.SAFETY.value, "Something unsafe happened, or a treatment went wrong"
    ),
    SelectChoice(ConcernReason.DETAILS.value, "Address, prices or contact details are out of date"),
    SelectChoice(ConcernReason.OTHER.value, "Something else"),
]


class ConcernForm(Form):
    reason = RadioField(
        "What is your concern about?",
        choices=REASON_CHOICES,
        validators=[InputRequired("Choose what your concern is about.")],
        invalid_choice_message="Choose what your concern is about.",
    )
    details = TextAreaField(
        "Tell us what happened",
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
        validators=[
            Optional(),
            Length(max=254, message="That email address is too long."),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address like name@example.com.",
            ),
        ],
    )
