"""Forms for a center's therapists and their credentials. Status and verification fields are not here on purpose."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import Form
from ...models import CredentialKind
from ...services.public_therapists import LANGUAGES
from ...services.therapists import BIO_MAX, GENDERS, ISSUER_MAX, ISSUER_MIN, NAME_MAX, NUMBER_MAX, YEARS_MAX


class DayField(DateField):
    """A date input whose parse error says what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date like 2026-03-31.")) from None


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VersionForm(Form):
    """Carries the listing version the page showed; deletes post only this (and the CSRF token)."""

    version = HiddenField()


class TherapistForm(VersionForm):
    name = StringField(_l("Name"), validators=[InputRequired(message=_l("Enter the therapist's name.")),
                                           Length(max=NAME_MAX)])
    gender = SelectField(_l("Gender"), choices=[SelectChoice(value, label) for value, label in GENDERS.items()],
                         default="unspecified",
                         validators=[InputRequired(message=_l("Choose female, male or not stated."))])
    years_practice = IntegerField(_l("Years of practice"), default=0, validators=[
        InputRequired(message=_l("Enter the years of practice (0 if new).")),
        NumberRange(min=0, max=YEARS_MAX, message=_l("Enter a whole number from 0 to %(years_max)s.",
                                                     years_max=YEARS_MAX))])
    bio = TextAreaField(_l("Short bio (optional)"), validators=[Optional(), Length(max=BIO_MAX)])
    specialties = CheckboxesField(_l("Specialties"), coerce=int, validators=[Optional()])
    languages = CheckboxesField(_l("Languages spoken"), choices=[SelectChoice(code, name) for code, name in
                                                               LANGUAGES.items()], validators=[Optional()])
    conditions = CheckboxesField(_l("Conditions they focus on"), coerce=int, validators=[Optional()])


class CredentialForm(VersionForm):
    kind = SelectField(_l("Kind of credential"),
                       choices=[SelectChoice(value, label) for value, label in CredentialKind.choices()],
                       validators=[InputRequired(message=_l("Choose the kind of credential."))])
    issuer = StringField(_l("Issuing body"), validators=[
        InputRequired(message=_l("Enter the body that issued it, for example CIDESCO or ITEC.")),
        Length(min=ISSUER_MIN, max=ISSUER_MAX)])
    number = StringField(_l("Licence or certificate number (optional)"),
                         validators=[Optional(), Length(max=NUMBER_MAX)])
    issued_on = DayField(_l("Issued on (optional)"), validators=[Optional()])
    valid_until = DayField(_l("Valid until (optional)"), validators=[Optional()])
    evidence = FileField(_l("Evidence document (optional)"))

    def validate_valid_until(self, field):
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError(_l("Valid until must be on or after the issue date."))
