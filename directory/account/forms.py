"""Profile editor forms: shape only (lengths, formats, file extensions, price syntax).

Which regulator fits which profession, number formats, ownership and publication rules
are checked by the services. No form has a status, state or verification field.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from directory.geo.postcodes import PostcodeError, PostcodeKind, parse_postcode
from directory.models import Profession
from directory.web.forms import Form

PROFESSIONS = [
    SelectChoice(Profession.DOCTOR.value, "Doctor"),
    SelectChoice(Profession.NURSE.value, "Nurse or midwife"),
    SelectChoice(Profession.DENTIST.value, "Dentist"),
    SelectChoice(Profession.PHARMACIST.value, "Pharmacist"),
    SelectChoice(
        Profession.ALLIED_HEALTH.value, "Paramedic, physiotherapist or other HCPC profession"
    ),
    SelectChoice(Profession.OTHER.value, "Other (not a regulated healthcare profession)"),
]
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
_WEB_MESSAGE = "Enter a full web address starting with https://, like https://example.co.uk."
_web = [Optional(), Length(max=300), URL(require_tld=True, message=_WEB_MESSAGE)]


class Choice(SelectField):
    """A select whose every failure (not in the list, not a number) says ``message``."""

    # The chosen value as ``coerce`` made it (a str, or an int for ids), None when nothing
    # valid was chosen: a required choice is never None once the form has validated.
    # WTForms leaves it untyped; without this mypy takes it from ``self.data = None``.
    data: Any

    def __init__(self, label: str, message: str, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(self.message) from exc

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            return  # already explained once
        try:
            super().pre_validate(form)
        except ValueError as exc:
            raise ValidationError(self.message) from exc


def optional_int(value: object) -> int | None:
    """Coerce a select's value: "" (the "Choose..." prompt) is None, anything else an id."""
    if value in ("", None):
        return None
    return int(value)  # type: ignore[call-overload]


class ProfileForm(Form):
    version = HiddenField()  # optimistic concurrency: the version shown
    display_name = StringField(
        "Name shown on your profile",
        [DataRequired("Enter the name patients know you by."), Length(max=120)],
    )
    title = StringField("Title (Dr, Mr, Ms...)", [Optional(), Length(max=20)])
    profession = Choice("Profession", "Choose your profession from the list.", choices=PROFESSIONS)
    regulator = Choice(
        "Statutory regulator",
        "Choose your regulator from the list.",
        choices=[SelectChoice("", "None")],
    )
    registration_number = StringField("Registration number or PIN", [Optional(), Length(max=40)])
    register_name = StringField("Name on the register, if different", [Optional(), Length(max=120)])
    bio = TextAreaField("Introduction", [Optional(), Length(max=4000)])
    website = URLField("Website", _web)
    phone = StringField(
        "Phone",
        [
            Optional(),
            Regexp(r"^\+?[0-9 ()\-]{7,20}$", message="Enter a phone number, like 0113 496 0000."),
        ],
    )
    booking_url = URLField("Online booking link", _web)
    submit = SubmitField("Save profile")


class ClinicForm(Form):
    version = HiddenField()  # optimistic concurrency: the version shown
    name = StringField(
        "Clinic name", [DataRequired("Enter the name of the clinic."), Length(max=160)]
    )
    address_line1 = StringField("Address line 1", [Optional(), Length(max=160)])
    address_line2 = StringField("Address line 2", [Optional(), Length(max=160)])
    town = StringField("Town or city", [Optional(), Length(max=100)])
    postcode = StringField(
        "Postcode", [DataRequired("Enter the clinic's postcode."), Length(max=20)]
    )
    submit = SubmitField("Save clinic")

    def validate_postcode(self, field: StringField) -> None:
        """A clinic needs a full, well-formed postcode; whether it can be located is
        decided on save (an unknown one is kept and flagged)."""
        text = field.data or ""
        try:
            parsed = parse_postcode(text)
        except PostcodeError as exc:
            raise ValidationError(
                f"“{text}” is not a UK postcode. Enter the clinic's full postcode, like LS1 5AB."
            ) from exc
        if parsed.kind is not PostcodeKind.UNIT:
            raise ValidationError(
                f"“{parsed.normalised}” is only part of a postcode. Enter the clinic's full "
                "postcode, like LS1 5AB."
            )


_PRICE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d{1,7})(?:\.\d{1,2})?")
PRICE_MESSAGE = "Enter a price in pounds, like 150 or 149.50."


def pounds_to_pence(text: str | None) -> int | None:
    """ "150", "149.5", "£1,150.00" -> pence; "" -> None. Raises ``ValueError``.

    Commas are accepted only as thousands separators, so "150,00" is refused rather than
    read as fifteen thousand pounds.
    """
    typed = (text or "").strip()
    if not typed:
        return None
    cleaned = typed.removeprefix("£").strip()
    if not _PRICE.fullmatch(cleaned):
        raise ValueError(PRICE_MESSAGE)
    pounds, _, pence = cleaned.replace(",", "").partition(".")
    return int(pounds) * 100 + int(pence.ljust(2, "0") or 0)


class OfferForm(Form):
    version = HiddenField()  # optimistic concurrency: the version shown
    treatment = Choice(
        "Treatment",
        "Choose a treatment from the list.",
        [DataRequired("Choose a treatment from the list.")],
        coerce=optional_int,
        choices=[],
    )
    price = StringField("Price from (£)", [Optional(), Length(max=16, message=PRICE_MESSAGE)])
    notes = StringField("Notes (e.g. per session, per area)", [Optional(), Length(max=300)])
    submit = SubmitField("Save treatment")

    def validate_price(self, field: StringField) -> None:
        try:
            pounds_to_pence(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    @property
    def pence(self) -> int | None:
        return pounds_to_pence(self.price.data)


_evidence_types = FileAllowed(EVIDENCE_EXTENSIONS, "Upload a PDF, JPEG or PNG file.")


class ClaimForm(Form):
    body = Choice(
        "Register, society or regulator",
        "Choose the register, society or regulator from the list.",
        [DataRequired("Choose the register, society or regulator from the list.")],
        coerce=optional_int,
        choices=[],
    )
    number = StringField(
        "Membership or registration number",
        [DataRequired("Enter your membership or registration number."), Length(max=40)],
    )
    evidence = FileField(
        "Evidence", [FileRequired("Choose a file to upload as evidence."), _evidence_types]
    )
    submit = SubmitField("Submit claim")


class AmendClaimForm(Form):
    number = StringField(
        "Membership or registration number",
        [DataRequired("Enter your membership or registration number."), Length(max=40)],
    )
    evidence = FileField("New evidence (optional)", [_evidence_types])
    submit = SubmitField("Save and resubmit")


class ListingClaimForm(Form):
    message = TextAreaField(
        "How can we confirm this listing is yours?",
        [DataRequired("Tell us how we can confirm the listing is yours."), Length(max=2000)],
    )
    submit = SubmitField("Ask to claim this listing")


class RegistrationForm(Form):
    """A clinic's care-regulator registration, or (with ``authority``) a licence; the
    service checks the number against the regulator's format."""

    authority = StringField("Licensing council", [Optional(), Length(max=120)])
    number = StringField(
        "Registration or licence number",
        [DataRequired("Enter the registration or licence number."), Length(max=40)],
    )
    evidence = FileField("Evidence", [_evidence_types])
    submit = SubmitField("Send to be checked")
