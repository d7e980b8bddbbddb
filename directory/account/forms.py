"""Profile editor forms: shape only (lengths, formats, file extensions, price syntax).

Which regulator fits which profession, number formats, ownership and publication rules
are checked by the services. No form has a status, state or verification field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp, ValidationError

from directory.geo.postcodes import PostcodeError, normalise_postcode
from directory.models import Profession

PROFESSIONS = [
    SelectChoice(Profession.DOCTOR.value, "Doctor"),
    SelectChoice(Profession.NURSE.value, "Nurse or midwife"),
    SelectChoice(Profession.DENTIST.value, "Dentist"),
    SelectChoice(Profession.PHARMACIST.value, "Pharmacist"),
    SelectChoice(Profession.OTHER.value, "Other (not a regulated healthcare profession)"),
]
EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
_web = [Optional(), Length(max=300), URL(require_tld=True, message="Enter a full web address.")]


class ProfileForm(FlaskForm):
    display_name = StringField("Name shown on your profile", [DataRequired(), Length(max=120)])
    title = StringField("Title (Dr, Mr, Ms...)", [Optional(), Length(max=20)])
    profession = SelectField("Profession", choices=PROFESSIONS, validators=[DataRequired()])
    regulator = SelectField("Statutory regulator", choices=[SelectChoice("", "None")])
    registration_number = StringField("Registration number or PIN", [Optional(), Length(max=40)])
    bio = TextAreaField("About you", [Optional(), Length(max=4000)])
    website = URLField("Website", _web)
    phone = StringField(
        "Phone",
        [Optional(), Regexp(r"^\+?[0-9 ()\-]{7,20}$", message="Enter a phone number.")],
    )
    booking_url = URLField("Online booking link", _web)
    submit = SubmitField("Save profile")


class ClinicForm(FlaskForm):
    name = StringField("Clinic name", [DataRequired(), Length(max=160)])
    address_line1 = StringField("Address line 1", [Optional(), Length(max=160)])
    address_line2 = StringField("Address line 2", [Optional(), Length(max=160)])
    town = StringField("Town or city", [Optional(), Length(max=100)])
    postcode = StringField("Postcode", [DataRequired(), Length(max=20)])
    submit = SubmitField("Save clinic")

    def validate_postcode(self, field: StringField) -> None:
        """A clinic needs a full, well-formed postcode; whether it can be located is
        decided on save (an unknown one is kept and flagged)."""
        try:
            normalise_postcode(field.data or "")
        except PostcodeError as exc:
            raise ValidationError(exc.message) from exc


def pounds_to_pence(text: str | None) -> int | None:
    """ "150", "150.5", "£1,150.00" -> pence; "" -> None. Raises ``ValueError``."""
    cleaned = (text or "").strip().replace("£", "").replace(",", "")
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError("Enter a price in pounds, like 150 or 150.00.") from exc
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Enter a price in pounds, like 150 or 150.00.")
    return int(amount * 100)


class OfferForm(FlaskForm):
    treatment = SelectField("Treatment", coerce=int, choices=[])
    price = StringField("Price from (£)", [Optional(), Length(max=12)])
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


class ClaimForm(FlaskForm):
    body = SelectField("Register, society or regulator", coerce=int, choices=[])
    number = StringField("Membership or registration number", [DataRequired(), Length(max=40)])
    evidence = FileField(
        "Evidence (PDF, JPEG or PNG, at most 5 MB)",
        [FileRequired("Upload your evidence."), FileAllowed(EVIDENCE_EXTENSIONS)],
    )
    submit = SubmitField("Submit claim")


class AmendClaimForm(FlaskForm):
    number = StringField("Membership or registration number", [DataRequired(), Length(max=40)])
    evidence = FileField("New evidence (optional)", [FileAllowed(EVIDENCE_EXTENSIONS)])
    submit = SubmitField("Save and resubmit")


class ListingClaimForm(FlaskForm):
    message = TextAreaField(
        "How can we confirm this listing is yours?", [DataRequired(), Length(max=2000)]
    )
    submit = SubmitField("Ask to claim this listing")
