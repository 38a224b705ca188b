"""Adding a listing: a member with a verified email submits a center (pending until an admin approves it); a
returned listing is sent for review again. The submitter manages the listing from the start."""
import math

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from ...extensions import db
from ...models import CenterKind, GenderPolicy
from ...services.duplicates import find_duplicates, phone_key
from ...services.listing_versions import StaleEdit, commit_listing
from ...services.listings import (
    PENDING_LIMIT,
    ListingError,
    NewListing,
    locate,
    my_unpublished,
    pending_count,
    resubmit_listing,
    submit_listing,
)
from ..accounts.forms import email_shape, strip
from ..common import app_geocode
from ..guards import get_managed_center_or_404
from .views import bp

PHONE_CHARS = Regexp(r"^[0-9+()\-. ]*$", message="Use digits, spaces and + ( ) - only.")


def _coordinate(low: float, high: float, name: str):
    def check(_form, field) -> None:
        if not field.data:
            return
        try:
            value = float(field.data)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            raise ValidationError(f"Enter the {name} as a number between {low:g} and {high:g}, like "
                                  f"{'24.8138' if name == 'latitude' else '67.0300'}.")
    return check


def _choices(enum) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in enum.choices()]


def _phone(_form, field) -> None:
    if field.data and not phone_key(field.data):
        raise ValidationError("Enter the full number with its area or mobile code, like 021 3583 0000.")


class NewListingForm(FlaskForm):
    name = StringField("Center name", filters=[strip], validators=[
        InputRequired(message="Enter the center's name."), Length(min=2, max=120)])
    kind = SelectField("Kind of center", choices=_choices(CenterKind), default=CenterKind.MASSAGE_CENTER,
                       validators=[InputRequired(message="Choose the kind of center.")])
    address = StringField("Street address", filters=[strip], validators=[
        InputRequired(message="Enter the street address."), Length(min=5, max=300)])
    area = StringField("Area or neighbourhood", filters=[strip], validators=[
        InputRequired(message="Enter the area, like Clifton or DHA Phase 6."), Length(max=80)])
    city = StringField("City", default="Karachi", filters=[strip], validators=[
        InputRequired(message="Enter the city."), Length(max=80)])
    phone = StringField("Phone", filters=[strip], validators=[Optional(), Length(max=40), PHONE_CHARS, _phone])
    whatsapp = StringField("WhatsApp", filters=[strip], validators=[Optional(), Length(max=40), PHONE_CHARS, _phone])
    email = StringField("Email (optional)", filters=[strip], validators=[Optional(), Length(max=254), email_shape])
    gender_policy = SelectField("Who is welcome", choices=_choices(GenderPolicy), default=GenderPolicy.MIXED,
                                validators=[InputRequired(message="Say who is welcome.")])
    description = TextAreaField("Short description (optional)", validators=[Optional(), Length(max=2000)])
    latitude = StringField("Latitude (optional)", filters=[strip],
                           validators=[Optional(), _coordinate(-90, 90, "latitude")])
    longitude = StringField("Longitude (optional)", filters=[strip],
                            validators=[Optional(), _coordinate(-180, 180, "longitude")])
    different_center = BooleanField("This is a different center: none of the listings above is it")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.phone.data or self.whatsapp.data) and not self.phone.errors and not self.whatsapp.errors:
            self.phone.errors.append("Give a phone or WhatsApp number so visitors can reach the center.")
            valid = False
        if bool(self.latitude.data) != bool(self.longitude.data) and not self.latitude.errors \
                and not self.longitude.errors:
            (self.longitude if self.latitude.data else self.latitude).errors.append(
                "Enter both latitude and longitude, or leave both empty.")
            valid = False
        return valid


class ResubmitForm(FlaskForm):
    """Only the CSRF token."""


def _where_to(slug: str) -> str:
    """The new listing's manage page when that area exists, else the page listing the user's submissions."""
    views = current_app.view_functions
    if "manage.center_home" in views:
        return url_for("manage.center_home", slug=slug)
    return url_for("manage.dashboard") if "manage.dashboard" in views else url_for("manage.new_listing")


def _page(form, duplicates=(), blocker=None, status=200):
    return render_template("manage/new_listing.html", form=form, duplicates=duplicates, blocker=blocker,
                           mine=my_unpublished(db.session, current_user), limit=PENDING_LIMIT,
                           resubmit_form=ResubmitForm()), status


@bp.route("/centers/new", methods=["GET", "POST"])
@login_required
def new_listing():
    if current_user.email_verified_at is None:
        return _page(None, blocker="Confirm your email address first: we need a way to reach you about your "
                                   "listing.", status=403)
    if not current_user.is_admin and pending_count(db.session, current_user) >= PENDING_LIMIT:
        return _page(None, blocker=f"You already have {PENDING_LIMIT} listings waiting for review. You can add "
                                   "more once an administrator has looked at them.")
    form = NewListingForm()
    if not form.validate_on_submit():
        return _page(form)
    if form.latitude.data:
        latitude, longitude, located = float(form.latitude.data), float(form.longitude.data), None
    else:
        place = locate(app_geocode, form.address.data, form.area.data, form.city.data)
        if place is None:
            form.latitude.errors.append("We could not find this address on the map. Enter the latitude and "
                                        "longitude (a map app shows them when you drop a pin).")
            return _page(form)
        latitude, longitude, located = place.latitude, place.longitude, place.label
    duplicates = find_duplicates(db.session, name=form.name.data, latitude=latitude, longitude=longitude,
                                 phones=[form.phone.data, form.whatsapp.data])
    if duplicates and not form.different_center.data:
        form.different_center.errors.append("This center may already be listed (see above). Claim the existing "
                                            "listing instead, or tick this box if it is a different center.")
        return _page(form, duplicates)
    data = NewListing(**{name: form[name].data for name in (
        "name", "kind", "address", "area", "city", "phone", "whatsapp", "email", "gender_policy", "description")},
        latitude=latitude, longitude=longitude)
    try:
        center = submit_listing(db.session, current_user, data)
        db.session.commit()
    except ListingError as error:
        db.session.rollback()
        (form[error.field] if error.field in form else form.name).errors.append(error.message)
        return _page(form, duplicates)
    except IntegrityError:  # two submissions took the same new slug at once
        db.session.rollback()
        form.name.errors.append("Another listing was saved with this name at the same moment. Please send again.")
        return _page(form, duplicates)
    note = f" We placed it on the map at {located}; check the pin." if located else ""
    flash(f"Thank you. {center.name} is waiting for an administrator's review; it appears publicly once approved."
          f"{note}", "success")
    return redirect(_where_to(center.slug))


@bp.post("/centers/<slug>/resubmit", endpoint="resubmit_listing")
@login_required
def resubmit(slug: str):
    center = get_managed_center_or_404(slug)
    if ResubmitForm().validate_on_submit():
        try:
            resubmit_listing(db.session, current_user, center)
            commit_listing(db.session)
        except (ListingError, StaleEdit) as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(f"{center.name} is waiting for review again.", "success")
    return redirect(_where_to(center.slug))
