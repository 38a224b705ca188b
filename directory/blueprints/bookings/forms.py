"""Booking forms; services/bookings/ re-checks every rule in the center's time zone."""
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
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
    menu_item_id = SelectField(_l("Treatment"), coerce=int,
                               validators=[InputRequired(message=_l("Choose a treatment."))])
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Choose a date."))])
    start_1 = TimeField(_l("Preferred start time"), validators=[InputRequired(message=_l("Give at least one time."))])
    start_2 = TimeField(_l("Second choice (optional)"), validators=[Optional()])
    start_3 = TimeField(_l("Third choice (optional)"), validators=[Optional()])
    therapist_preference = SelectField(_l("Therapist"), validators=[InputRequired()])
    name = StringField(_l("Your name"), validators=[InputRequired(message=_l("Give your name.")), Length(max=80)])
    mobile = StringField(_l("Mobile number"), validators=[InputRequired(message=_l("Give a mobile number.")),
                                                          Length(max=24)])
    email = StringField(_l("Email (optional)"), validators=[Optional(), Length(max=254),
                                                            Regexp(EMAIL, message=_l("Check the email address."))])
    note = TextAreaField(_l("Note for the therapist (optional)"), validators=[Optional(), Length(max=500)])
    website = StringField(_l("Leave this field empty"))  # a honeypot: people never see it, form-filling bots do

    def for_center(self, center: Center) -> "BookingRequestForm":
        self.menu_item_id.choices = [
            (item.id, _l("%(treatment)s · %(num)s min · Rs %(price)s", treatment=item.name, num=item.duration_min,
                         price=format_decimal(item.price_pkr)))
            for item in center.menu]
        self.therapist_preference.choices = [(value, _l(label)) for value, label in preferences_offered(center)]
        return self

    def data_for_service(self) -> RequestData:
        starts = [field.data for field in (self.start_1, self.start_2, self.start_3) if field.data]
        return RequestData(self.menu_item_id.data, self.day.data, starts, self.therapist_preference.data,
                           self.name.data, self.mobile.data, self.email.data or None, self.note.data or "")


class BookingActionForm(FlaskForm):
    """One action on a request; `version` is the one the page showed (a stale page is refused)."""

    version = IntegerField(validators=[InputRequired()])
    window = SelectField(_l("Time"), choices=[], validate_choice=False, validators=[Optional()])
    therapist_id = SelectField(_l("Therapist (optional)"), coerce=lambda v: int(v) if v else None, choices=[],
                               validate_choice=False, validators=[Optional()])
    reason = StringField(_l("Reason (the customer sees it)"), validators=[Optional(), Length(max=300)])
    proposed_at = DateTimeLocalField(_l("Time you can offer"), validators=[Optional()])
    action = HiddenField()
