"""Forms for editing a listing. Each carries the listing version it was drawn from (a stale save is refused)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms import Form as SubForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import Form
from ...models import AMENITIES, CenterKind, GenderPolicy
from ...services.hours import DAY_KEYS
from ...services.listings.edits import DURATION_MAX, DURATION_MIN, PRICE_MAX
from ...services.listings.schedule import DAY_NAMES


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class Number(FloatField):
    """A decimal number, with a message a person understands when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a number with a dot for decimals, like 24.8138.")) from None


class WholeNumber(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a whole number, digits only.")) from None


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ListingForm(Form):
    version = HiddenField()


class DetailsForm(ListingForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter the center's name.")), Length(max=120)])
    kind = SelectField(_l("Kind of place"), choices=_choices(CenterKind.choices()), validate_choice=False)
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                description=_l("What a visitor should know: treatments, atmosphere, who you serve."))
    address = StringField(_l("Street address"), validators=[InputRequired(_l("Enter the street address.")),
                                                        Length(max=300)])
    area = StringField(_l("Area or neighbourhood"), validators=[Optional(), Length(max=80)],
                       description=_l("For example Clifton or DHA Phase 6."))
    city = StringField(_l("City"), validators=[InputRequired(_l("Enter the city.")), Length(max=80)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)],
                        render_kw={"type": "tel", "autocomplete": "tel"},
                        description=_l("Digits and spaces, + first for an international number: +92 21 3583 0000."))
    whatsapp = StringField(_l("WhatsApp number"), validators=[Optional(), Length(max=40)], render_kw={"type": "tel"},
                           description=_l("The full international number, like +92 300 1234567."))
    email = StringField(_l("Email"), validators=[Optional(), Length(max=254)], render_kw={"type": "email"})
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)], render_kw={"type": "url"},
                          description=_l("Starting with https:// or http://."))
    gender_policy = SelectField(_l("Who the center serves"), choices=_choices(GenderPolicy.choices()),
                                validate_choice=False)
    amenities = Checkboxes(_l("Amenities"), choices=_choices(AMENITIES.items()), validate_choice=False)


class FindForm(ListingForm):
    find = SubmitField(_l("Find from the address"))


class LocationForm(ListingForm):
    latitude = Number(_l("Latitude"), validators=[InputRequired(_l("Enter the latitude (Karachi is about 24.86)."))],
                      render_kw={"inputmode": "decimal"})
    longitude = Number(_l("Longitude"), validators=[InputRequired(_l("Enter the longitude (Karachi is about 67.01)."))],
                       render_kw={"inputmode": "decimal"})
    save = SubmitField(_l("Save this location"))


class MenuLineForm(ListingForm):
    service_id = SelectField(_l("Massage type"), coerce=_int_or_none, validate_choice=False,
                             validators=[InputRequired(_l("Choose a massage type."))])
    name = StringField(_l("Name on your menu"), validators=[Optional(), Length(max=120)],
                       description=_l("Leave empty to use the massage type's name."))
    description = TextAreaField(_l("Description (optional)"), validators=[Optional(), Length(max=500)])
    duration_min = WholeNumber(_l("Duration in minutes"), validators=[
        InputRequired(_l("Enter the duration in minutes.")),
        NumberRange(DURATION_MIN, DURATION_MAX, _l("Duration must be %(duration_min)s to %(duration_max)s minutes.",
                                                   duration_min=DURATION_MIN, duration_max=DURATION_MAX))],
        render_kw={"min": DURATION_MIN, "max": DURATION_MAX})
    price_pkr = WholeNumber(_l("Price in rupees (PKR)"), validators=[
        InputRequired(_l("Enter the price in rupees.")),
        NumberRange(1, PRICE_MAX, _l("Price must be a whole number of rupees from 1 to %(price_max)s.",
                                     price_max=f"{PRICE_MAX:,}"))],
        render_kw={"min": 1, "max": PRICE_MAX})


def _time(label: str) -> TimeField:
    return TimeField(label, format=["%H:%M", "%H:%M:%S"], validators=[Optional()],
                     invalid_value_message=_l("Enter a time like 10:00 or 22:30."))


class DayForm(SubForm):
    closed = BooleanField(_l("Closed all day"))
    opens_1 = _time(_l("Opens"))
    closes_1 = _time(_l("Closes"))
    opens_2 = _time(_l("Opens again"))
    closes_2 = _time(_l("Closes again"))


class HoursForm(ListingForm):
    pass


for _key, _name in zip(DAY_KEYS, DAY_NAMES, strict=True):
    setattr(HoursForm, _key, FormField(DayForm, label=_name))


class ClosureForm(ListingForm):
    starts_on = DateField(_l("First closed day"), validators=[InputRequired(_l("Enter the first closed day."))],
                          invalid_value_message=_l("Enter a date like 2026-12-25."))
    ends_on = DateField(_l("Last closed day (empty for one day)"), validators=[Optional()],
                        invalid_value_message=_l("Enter a date like 2026-12-26."))
    reason = StringField(_l("Reason, shown to visitors (optional)"), validators=[Optional(), Length(max=120)],
                         description=_l("For example Eid holidays or Renovation."))


class ConfirmForm(ListingForm):
    back = HiddenField()


def hours_data(center) -> dict:
    """The grid filled from the listing's hours (the first two spans of each day)."""
    data: dict = {"version": center.version}
    for day, key in enumerate(DAY_KEYS):
        spans = [(row.opens_at, row.closes_at) for row in center.hours if row.weekday == day]
        data[key] = {"closed": not spans}
        for number, (opens, closes) in enumerate(spans[:2], start=1):
            data[key] |= {f"opens_{number}": opens, f"closes_{number}": closes}
    return data


def week_from(form: HoursForm) -> tuple[dict[int, list], dict[str, str]]:
    """Weekday -> spans from the grid, and per-day problems (a time without its pair)."""
    week, problems = {}, {}
    for day, key in enumerate(DAY_KEYS):
        sub = form[key].form
        week[day] = []
        if sub.closed.data:
            continue
        for number in (1, 2):
            opens, closes = sub[f"opens_{number}"].data, sub[f"closes_{number}"].data
            if (opens is None) != (closes is None):
                problems[key] = _("%(day)s: enter both the opening and the closing time, or neither.",
                                  day=DAY_NAMES[day])
            elif opens is not None:
                week[day].append((opens, closes))
    return week, problems
