"""Account forms: every field labelled and length-limited; the password policy itself lives in the service."""
import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ...services.password_policy import MAX_LENGTH, MIN_LENGTH

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PASSWORD_HINT = (f"{MIN_LENGTH} to {MAX_LENGTH} characters. Spaces and any letters are fine; "
                 "a few unrelated words make a strong password.")


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def email_shape(_form, field) -> None:
    if field.data and not EMAIL_SHAPE.fullmatch(field.data):
        raise ValidationError("Enter an email address like name@example.com.")


def printable(_form, field) -> None:
    if field.data and any(not char.isprintable() for char in field.data):
        raise ValidationError("Use letters, digits, spaces and punctuation only.")


def email_field(label: str = "Email address") -> EmailField:
    return EmailField(label, filters=[strip], validators=[DataRequired(), Length(max=254), email_shape],
                      render_kw={"autocomplete": "email", "maxlength": 254})


def new_password_fields(label: str = "Password"):
    """A new password and its confirmation."""
    password = PasswordField(label, validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH})
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords are not the same.")],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH})
    return password, confirm


class RegisterForm(FlaskForm):
    email = email_field()
    display_name = StringField("Display name (shown on your reviews)", filters=[strip],
                               validators=[DataRequired(), Length(min=2, max=60), printable],
                               render_kw={"autocomplete": "nickname", "maxlength": 60})
    password, confirm = new_password_fields()


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password", "maxlength": MAX_LENGTH})
    remember = BooleanField("Keep me signed in on this device for 30 days")


class EmailForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields("New password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                     render_kw={"autocomplete": "current-password", "maxlength": MAX_LENGTH})
    password, confirm = new_password_fields("New password")
