"""Account forms: shape only (formats and lengths); rules live in ``services.accounts``.

Every form here derives from ``web.forms.Form``, which cleans typed text before any
validator or database sees it.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from directory.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from directory.web.forms import Form


def expected_version(form: FlaskForm) -> int | None:
    """The version an edit form was rendered with (its hidden ``version`` field): None
    when absent, -1 (matches nothing, so the edit is refused) when tampered with."""
    raw = str(form.version.data or "").strip()  # type: ignore[attr-defined]
    if not raw:
        return None
    return int(raw) if raw.isdigit() and len(raw) < 10 else -1


def show_conflict(form: FlaskForm, exc: Exception, model: type[Any], object_id: int) -> int:
    """Show an edit form again after ``EditConflict``: the message at the top, what was
    typed kept, and the version now saved, so saving again is a deliberate overwrite.
    Returns the status to answer (409)."""
    from flask import flash

    from directory.services import versions

    flash(str(exc), "error")
    form.version.data = str(versions.current(model, object_id) or "")  # type: ignore[attr-defined]
    return 409


def _email(label: str = "your email address") -> list[Any]:
    return [
        DataRequired(f"Enter {label}."),
        Length(max=254, message="An email address has at most 254 characters."),
        Email(message="Enter an email address like name@example.org."),
    ]


_new_password = [
    InputRequired("Choose a password."),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
    ),
]
_repeat = [
    InputRequired("Type the password again."),
    EqualTo("password", message="The two passwords do not match."),
]


class SignUpForm(Form):
    email = EmailField("Email address", validators=_email())
    password = PasswordField("Password", validators=_new_password)
    confirm = PasswordField("Password again", validators=_repeat)
    terms = BooleanField(
        "I accept the terms of use for listed practitioners",
        validators=[DataRequired("Accept the terms of use to create an account.")],
    )
    submit = SubmitField("Create account")


class SignInForm(Form):
    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    submit = SubmitField("Sign in")


class ConfirmEmailForm(Form):
    password = PasswordField(
        "Your password",
        validators=[InputRequired("Enter your password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    submit = SubmitField("Confirm my email address")


class ResetRequestForm(Form):
    email = EmailField("Email address", validators=_email("the email address of your account"))
    submit = SubmitField("Send me a reset link")


class ResetForm(Form):
    password = PasswordField("New password", validators=_new_password)
    confirm = PasswordField("New password again", validators=_repeat)
    submit = SubmitField("Set new password")


class DeleteAccountForm(Form):
    password = PasswordField(
        "Your password", validators=[InputRequired("Enter your password to delete your account.")]
    )
    submit = SubmitField("Delete my account")


class ChangePasswordForm(Form):
    current = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password.")]
    )
    password = PasswordField("New password", validators=_new_password)
    confirm = PasswordField("New password again", validators=_repeat)
    submit = SubmitField("Change password")


class ChangeEmailForm(Form):
    email = EmailField("New email address", validators=_email("your new email address"))
    password = PasswordField("Your password", validators=[InputRequired("Enter your password.")])
    submit = SubmitField("Send confirmation link")


class ButtonForm(Form):
    """A form with no fields: carries the CSRF token for POST-only buttons."""
