"""Account forms: shape only (formats and lengths); rules live in ``services.accounts``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from directory.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


_email = [DataRequired(), Length(max=254), Email(message="Enter a valid email address.")]
_new_password = [
    DataRequired(),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
        message=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
    ),
]
_repeat = [DataRequired(), EqualTo("password", message="The two passwords do not match.")]


class SignUpForm(FlaskForm):
    email = EmailField("Email address", validators=_email, filters=[_strip])
    password = PasswordField("Password (at least 12 characters)", validators=_new_password)
    confirm = PasswordField("Password again", validators=_repeat)
    submit = SubmitField("Create account")


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address", validators=[DataRequired(), Length(max=254)], filters=[_strip]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField("Sign in")


class ResetRequestForm(FlaskForm):
    email = EmailField("Email address", validators=_email, filters=[_strip])
    submit = SubmitField("Send me a reset link")


class ResetForm(FlaskForm):
    password = PasswordField("New password", validators=_new_password)
    confirm = PasswordField("New password again", validators=_repeat)
    submit = SubmitField("Set new password")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=_new_password)
    confirm = PasswordField("New password again", validators=_repeat)
    submit = SubmitField("Change password")


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email address", validators=_email, filters=[_strip])
    password = PasswordField("Your password", validators=[DataRequired()])
    submit = SubmitField("Send confirmation link")


class ButtonForm(FlaskForm):
    """A form with no fields: carries the CSRF token for POST-only buttons."""
