"""Account forms: every field labelled and length-limited; the password policy itself lives in the service."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ...forms import Form
from ...i18n import LANGUAGE_NAMES, LANGUAGES
from ...services.password_policy import MAX_LENGTH, MIN_LENGTH

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PASSWORD_HINT = _l("%(min)d to %(max)d characters. Spaces and any letters are fine; a few unrelated words make a "
                   "strong password.", min=MIN_LENGTH, max=MAX_LENGTH)


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def email_shape(_form, field) -> None:
    if field.data and not EMAIL_SHAPE.fullmatch(field.data):
        raise ValidationError(_l("Enter an email address like name@example.com."))


def printable(_form, field) -> None:
    if field.data and any(not char.isprintable() for char in field.data):
        raise ValidationError(_l("Use letters, digits, spaces and punctuation only."))


def email_field(label: str = _l("Email address")) -> EmailField:
    return EmailField(label, filters=[strip], validators=[DataRequired(), Length(max=254), email_shape],
                      render_kw={"autocomplete": "email", "maxlength": 254})


def new_password_fields(label: str = _l("Password")):
    """A new password and its confirmation."""
    password = PasswordField(label, validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH})
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH})
    return password, confirm


class RegisterForm(Form):
    email = email_field()
    display_name = StringField(_l("Display name (shown on your reviews)"), filters=[strip],
                               validators=[DataRequired(), Length(min=2, max=60), printable],
                               render_kw={"autocomplete": "nickname", "maxlength": 60})
    password, confirm = new_password_fields()


class LoginForm(Form):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password", "maxlength": MAX_LENGTH})
    remember = BooleanField(_l("Keep me signed in on this device for 30 days"))


class EmailForm(Form):
    email = email_field()


class ResetPasswordForm(Form):
    password, confirm = new_password_fields(_l("New password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                     render_kw={"autocomplete": "current-password", "maxlength": MAX_LENGTH})
    password, confirm = new_password_fields(_l("New password"))


class LanguageForm(Form):
    """The member's language: the site's (on their devices) and their emails'. Each name in its own language."""

    language = SelectField(_l("Language of the site and of our emails"),
                           choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])
