"""The "report a change" form; services/change_reports.py re-checks every rule."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ...models import ChangeKind
from ...services.change_reports import DETAILS_MAX, DETAILS_MIN, EMAIL_MAX


class ReportForm(FlaskForm):
    kind = SelectField("What is wrong?",
                       choices=[SelectChoice(value, label) for value, label in ChangeKind.choices()],
                       validators=[InputRequired(message="Choose what is wrong.")])
    details = TextAreaField("What should it say instead?", validators=[
        InputRequired(message="Describe the change."),
        Length(min=DETAILS_MIN, max=DETAILS_MAX,
               message=f"Describe the change in {DETAILS_MIN} to {DETAILS_MAX} characters.")])
    email = StringField("Your email (optional)", validators=[
        Optional(), Length(max=EMAIL_MAX, message="That email address is too long.")])
    website = StringField("Leave this field empty")  # a honeypot: people never see it, form-filling bots do
