"""Booking forms; services/bookings/ re-checks every rule in the center's time zone."""
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ...models import Center
from ...services.bookings.requests import RequestData, preferences_offered

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # not wtforms' Email(): that needs email_validator, which is not installed


class BookingRequestForm(FlaskForm):
    menu_item_id = SelectField("Treatment", coerce=int, validators=[InputRequired(message="Choose a treatment.")])
    day = DateField("Date", validators=[InputRequired(message="Choose a date.")])
    start_1 = TimeField("Preferred start time", validators=[InputRequired(message="Give at least one time.")])
    start_2 = TimeField("Second choice (optional)", validators=[Optional()])
    start_3 = TimeField("Third choice (optional)", validators=[Optional()])
    therapist_preference = SelectField("Therapist", validators=[InputRequired()])
    name = StringField("Your name", validators=[InputRequired(message="Give your name."), Length(max=80)])
    mobile = StringField("Mobile number", validators=[InputRequired(message="Give a mobile number."),
                                                      Length(max=24)])
    email = StringField("Email (optional)", validators=[Optional(), Length(max=254),
                                                        Regexp(EMAIL, message="Check the email address.")])
    note = TextAreaField("Note for the therapist (optional)", validators=[Optional(), Length(max=500)])
    website = StringField("Leave this field empty")  # a honeypot: people never see it, form-filling bots do

    def for_center(self, center: Center) -> "BookingRequestForm":
        self.menu_item_id.choices = [(item.id, f"{item.name} · {item.duration_min} min · Rs {item.price_pkr:,}")
                                     for item in center.menu]
        self.therapist_preference.choices = preferences_offered(center)
        return self

    def data_for_service(self) -> RequestData:
        starts = [field.data for field in (self.start_1, self.start_2, self.start_3) if field.data]
        return RequestData(self.menu_item_id.data, self.day.data, starts, self.therapist_preference.data,
                           self.name.data, self.mobile.data, self.email.data or None, self.note.data or "")


class BookingActionForm(FlaskForm):
    """One action on a request; `version` is the one the page showed (a stale page is refused)."""

    version = IntegerField(validators=[InputRequired()])
    window = SelectField("Time", choices=[], validate_choice=False, validators=[Optional()])
    therapist_id = SelectField("Therapist (optional)", coerce=lambda v: int(v) if v else None, choices=[],
                               validate_choice=False, validators=[Optional()])
    reason = StringField("Reason (the customer sees it)", validators=[Optional(), Length(max=300)])
    proposed_at = DateTimeLocalField("Time you can offer", validators=[Optional()])
    action = HiddenField()
