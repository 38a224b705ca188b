"""Forms for a center's therapists and their credentials. Status and verification fields are not here on purpose."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...models import CredentialKind
from ...services.public_therapists import LANGUAGES
from ...services.therapists import BIO_MAX, GENDERS, ISSUER_MAX, ISSUER_MIN, NAME_MAX, NUMBER_MAX, YEARS_MAX


class DayField(DateField):
    """A date input whose parse error says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a date like 2026-03-31.") from None


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionForm(FlaskForm):
    """Carries the listing version the page showed; deletes post only this (and the CSRF token)."""

    version = HiddenField()


class TherapistForm(VersionForm):
    name = StringField("Name", validators=[InputRequired(message="Enter the therapist's name."),
                                           Length(max=NAME_MAX)])
    gender = SelectField("Gender", choices=[SelectChoice(value, label) for value, label in GENDERS.items()],
                         default="unspecified",
                         validators=[InputRequired(message="Choose female, male or not stated.")])
    years_practice = IntegerField("Years of practice", default=0, validators=[
        InputRequired(message="Enter the years of practice (0 if new)."),
        NumberRange(min=0, max=YEARS_MAX, message=f"Enter a whole number from 0 to {YEARS_MAX}.")])
    bio = TextAreaField("Short bio (optional)", validators=[Optional(), Length(max=BIO_MAX)])
    specialties = CheckboxesField("Specialties", coerce=int, validators=[Optional()])
    languages = CheckboxesField("Languages spoken", choices=[SelectChoice(code, name) for code, name in
                                                               LANGUAGES.items()], validators=[Optional()])
    conditions = CheckboxesField("Conditions they focus on", coerce=int, validators=[Optional()])


class CredentialForm(VersionForm):
    kind = SelectField("Kind of credential",
                       choices=[SelectChoice(value, label) for value, label in CredentialKind.choices()],
                       validators=[InputRequired(message="Choose the kind of credential.")])
    issuer = StringField("Issuing body", validators=[
        InputRequired(message="Enter the body that issued it, for example CIDESCO or ITEC."),
        Length(min=ISSUER_MIN, max=ISSUER_MAX)])
    number = StringField("Licence or certificate number (optional)", validators=[Optional(), Length(max=NUMBER_MAX)])
    issued_on = DayField("Issued on (optional)", validators=[Optional()])
    valid_until = DayField("Valid until (optional)", validators=[Optional()])
    evidence = FileField("Evidence document (optional)")

    def validate_valid_until(self, field):
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError("Valid until must be on or after the issue date.")
