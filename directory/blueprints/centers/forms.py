"""The "report a change" form; services/change_reports.py re-checks every rule."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...models import ChangeKind
from ...services.change_reports import DETAILS_MAX, DETAILS_MIN, EMAIL_MAX


class ReportForm(FlaskForm):
    kind = SelectField(_l("What is wrong?"),
                       choices=[SelectChoice(value, _l(label)) for value, label in ChangeKind.choices()],
                       validators=[InputRequired(message=_l("Choose what is wrong."))])
    details = TextAreaField(_l("What should it say instead?"), validators=[
        InputRequired(message=_l("Describe the change.")),
        Length(min=DETAILS_MIN, max=DETAILS_MAX,
               message=_l("Describe the change in %(min)s to %(max)s characters.", min=DETAILS_MIN, max=DETAILS_MAX))])
    email = StringField(_l("Your email (optional)"), validators=[
        Optional(), Length(max=EMAIL_MAX, message=_l("That email address is too long."))])
    website = StringField(_l("Leave this field empty"))  # a honeypot: people never see it, form-filling bots do
