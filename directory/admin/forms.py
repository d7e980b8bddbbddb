"""Admin forms: shape only. Who may decide what, and which transitions are allowed, is
checked by the services. Like every form, they clean typed text (``web.forms.Form``)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from directory.models import BodyKind, Profession
from directory.web.forms import Form

_reason = [DataRequired(message="Give a reason."), Length(min=5, max=2000)]


class ConfirmPasswordForm(Form):
    password = PasswordField("Your password", [DataRequired()])
    submit = SubmitField("Confirm")


class ApproveForm(Form):
    valid_until = DateField(
        "Valid until", [DataRequired(message="Give the date until which it is valid.")]
    )
    register_note = TextAreaField(
        "What the register showed",
        [DataRequired("Say briefly what the register showed."), Length(max=500)],
    )
    register_conditions = TextAreaField(
        "Conditions or warnings listed (if any)", [Optional(), Length(max=1000)]
    )
    prescriber = SelectField(
        "Independent prescriber",
        choices=[
            SelectChoice("", "Not recorded"),
            SelectChoice("yes", "Yes: the register shows it"),
            SelectChoice("no", "No: not annotated"),
        ],
        default="",
    )
    seen = HiddenField()  # verification.version_of the claim as the admin saw it
    submit = SubmitField("Approve")


class ReasonForm(Form):
    """Suspend or reinstate a profile, refuse a listing claim."""

    reason = TextAreaField("Reason", _reason)
    submit = SubmitField("Confirm")


class ClaimReasonForm(ReasonForm):
    """Reject or revoke a claim: the reason, and the version of the claim reviewed."""

    seen = HiddenField()


class ResolveConcernForm(Form):
    note = TextAreaField("What was done", [DataRequired(), Length(min=10, max=3000)])
    submit = SubmitField("Resolve")


class TreatmentForm(Form):
    version = HiddenField()  # optimistic concurrency: the version shown
    slug = StringField("Slug (in web addresses)", [DataRequired(), Length(max=80)])
    name = StringField("Name", [DataRequired(), Length(max=120)])
    category = SelectField(
        "Category",
        choices=[
            SelectChoice("mesotherapy", "Mesotherapy"),
            SelectChoice("injectables", "Injectables"),
            SelectChoice("skin", "Skin"),
            SelectChoice("devices", "Devices"),
        ],
    )
    synonyms = TextAreaField("Words people search with (one per line)", [Length(max=4000)])
    summary = TextAreaField("Summary", [Length(max=1000)])
    description = TextAreaField("What it is", [Length(max=6000)])
    price_min_gbp = IntegerField("Typical price from (£)", [Optional(), NumberRange(0, 100000)])
    price_max_gbp = IntegerField("Typical price up to (£)", [Optional(), NumberRange(0, 100000)])
    session_length = TextAreaField("Session length", [Length(max=1000)])
    course = TextAreaField("Course", [Length(max=1000)])
    downtime = TextAreaField("Downtime", [Length(max=1000)])
    side_effects = TextAreaField("Side effects", [Length(max=2000)])
    not_suitable_for = TextAreaField("Who should not have it", [Length(max=2000)])
    credentials_to_look_for = TextAreaField("Credentials to look for", [Length(max=2000)])
    prescription_only = BooleanField("Prescription-only medicine")
    submit = SubmitField("Save treatment")


class BodyForm(Form):
    version = HiddenField()  # optimistic concurrency: the version shown
    slug = StringField("Slug", [DataRequired(), Length(max=40)])
    name = StringField("Name", [DataRequired(), Length(max=160)])
    short_name = StringField("Short name", [DataRequired(), Length(max=40)])
    kind = SelectField(
        "Kind", choices=[SelectChoice(k.value, k.value.capitalize()) for k in BodyKind]
    )
    website = StringField("Website", [DataRequired(), Length(max=300)])
    register_url = StringField("Public register search", [Optional(), Length(max=300)])
    number_label = StringField("Number label", [DataRequired(), Length(max=80)])
    number_pattern = StringField(
        "Number pattern (regular expression)", [DataRequired(), Length(max=200)]
    )
    number_example = StringField("Example number", [Optional(), Length(max=40)])
    number_note = TextAreaField("Note about numbers", [Length(max=1000)])
    renewal_months = IntegerField("Badge valid for (months)", [DataRequired(), NumberRange(1, 60)])
    professions = SelectMultipleField(
        "Professions it regulates",
        choices=[SelectChoice(p.value, p.value.capitalize()) for p in Profession],
    )
    description = TextAreaField("What it is", [Length(max=3000)])
    how_we_check = TextAreaField("How we check", [Length(max=3000)])
    submit = SubmitField("Save body")


class RegistrationApproveForm(Form):
    valid_until = DateField(
        "Valid until", [DataRequired(message="Give the date until which it is valid.")]
    )
    register_note = TextAreaField(
        "What the register showed",
        [DataRequired("Say briefly what the register showed."), Length(max=500)],
    )
    seen = HiddenField()  # registration_decisions.version_of, as the admin saw it
    submit = SubmitField("Approve")
