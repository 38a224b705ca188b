"""Adding a listing: a member with a verified email submits a center (pending until an admin approves it); a
returned listing is sent for review again. The submitter manages the listing from the start."""
import math

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from ...extensions import db
from ...forms import Form
from ...models import CenterKind, GenderPolicy
from ...services.listings.duplicates import phone_key
from ...services.listings.submission import (
    PENDING_LIMIT,
    NewListing,
    check_may_submit,
    my_unpublished,
    resubmit_listing,
    submit_new_listing,
)
from ..accounts.forms import email_shape, strip
from ..common import app_geocode, page_arg
from ..guards import get_managed_center_or_404
from ..transactions import perform
from . import bp

PHONE_CHARS = Regexp(r"^[0-9+()\-. ]*$", message=_l("Use digits, spaces and + ( ) - only."))


def _coordinate(low: float, high: float, name: str):
    def check(_form, field) -> None:
        if not field.data:
            return
        try:
            value = float(field.data)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            message = (_("Enter the latitude as a number between %(low)s and %(high)s, like %(example)s.")
                       if name == "latitude" else
                       _("Enter the longitude as a number between %(low)s and %(high)s, like %(example)s."))
            raise ValidationError(message % {"low": f"{low:g}", "high": f"{high:g}",
                                             "example": "24.8138" if name == "latitude" else "67.0300"})
    return check


def _choices(enum) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in enum.choices()]


def _phone(_form, field) -> None:
    if field.data and not phone_key(field.data):
        raise ValidationError(_l("Enter the full number with its area or mobile code, like 021 3583 0000."))


class NewListingForm(Form):
    name = StringField(_l("Center name"), filters=[strip], validators=[
        InputRequired(message=_l("Enter the center's name.")), Length(min=2, max=120)])
    kind = SelectField(_l("Kind of center"), choices=_choices(CenterKind), default=CenterKind.MASSAGE_CENTER,
                       validators=[InputRequired(message=_l("Choose the kind of center."))])
    address = StringField(_l("Street address"), filters=[strip], validators=[
        InputRequired(message=_l("Enter the street address.")), Length(min=5, max=300)])
    area = StringField(_l("Area or neighbourhood"), filters=[strip], validators=[
        InputRequired(message=_l("Enter the area, like Clifton or DHA Phase 6.")), Length(max=80)])
    city = StringField(_l("City"), default="Karachi", filters=[strip], validators=[
        InputRequired(message=_l("Enter the city.")), Length(max=80)])
    phone = StringField(_l("Phone"), filters=[strip], validators=[Optional(), Length(max=40), PHONE_CHARS, _phone])
    whatsapp = StringField(_l("WhatsApp"), filters=[strip],
                           validators=[Optional(), Length(max=40), PHONE_CHARS, _phone])
    email = StringField(_l("Email (optional)"), filters=[strip], validators=[Optional(), Length(max=254), email_shape])
    gender_policy = SelectField(_l("Who is welcome"), choices=_choices(GenderPolicy), default=GenderPolicy.MIXED,
                                validators=[InputRequired(message=_l("Say who is welcome."))])
    description = TextAreaField(_l("Short description (optional)"), validators=[Optional(), Length(max=2000)])
    latitude = StringField(_l("Latitude (optional)"), filters=[strip],
                           validators=[Optional(), _coordinate(-90, 90, "latitude")])
    longitude = StringField(_l("Longitude (optional)"), filters=[strip],
                            validators=[Optional(), _coordinate(-180, 180, "longitude")])
    different_center = BooleanField(_l("This is a different center: none of the listings above is it"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.phone.data or self.whatsapp.data) and not self.phone.errors and not self.whatsapp.errors:
            self.phone.errors.append(_("Give a phone or WhatsApp number so visitors can reach the center."))
            valid = False
        if bool(self.latitude.data) != bool(self.longitude.data) and not self.latitude.errors \
                and not self.longitude.errors:
            (self.longitude if self.latitude.data else self.latitude).errors.append(
                _("Enter both latitude and longitude, or leave both empty."))
            valid = False
        return valid


class ResubmitForm(Form):
    """Only the CSRF token."""


def _page(form, duplicates=(), blocker=None, status=200):
    return render_template("manage/new_listing.html", form=form, duplicates=duplicates, blocker=blocker,
                           mine=my_unpublished(db.session, current_user, page_arg()), limit=PENDING_LIMIT,
                           resubmit_form=ResubmitForm()), status


def _new_listing(form: NewListingForm) -> NewListing:
    typed = bool(form.latitude.data)  # the form checked that both coordinates are there, or neither
    return NewListing(**{name: form[name].data for name in (
        "name", "kind", "address", "area", "city", "phone", "whatsapp", "email", "gender_policy", "description")},
        latitude=float(form.latitude.data) if typed else None, longitude=float(form.longitude.data) if typed else None)


@bp.route("/centers/new", methods=["GET", "POST"])
@login_required
def new_listing():
    blocked = perform(check_may_submit, db.session, current_user)
    if not blocked.ok:
        return _page(None, blocker=blocked.error.message, status=403 if blocked.error.status == 403 else 200)
    form = NewListingForm()
    if not form.validate_on_submit():
        return _page(form)
    outcome = perform(submit_new_listing, db.session, current_user, _new_listing(form), app_geocode,
                      different_center=form.different_center.data, form=form)
    if not outcome.ok:
        return _page(form, getattr(outcome.error, "duplicates", ()))
    submitted = outcome.value
    message = _("Thank you. %(name)s is waiting for an administrator's review; it appears publicly once approved.",
                name=submitted.center.name)
    if submitted.located:
        message += " " + _("We placed it on the map at %(place)s; check the pin.", place=submitted.located)
    flash(message, "success")
    return redirect(url_for("manage.center_home", slug=submitted.center.slug))


@bp.post("/centers/<slug>/resubmit", endpoint="resubmit_listing")
@login_required
def resubmit(slug: str):
    center = get_managed_center_or_404(slug)
    if ResubmitForm().validate_on_submit():
        outcome = perform(resubmit_listing, db.session, current_user, center)
        if outcome.ok:
            flash(_("%(name)s is waiting for review again.", name=center.name), "success")
        else:
            flash(outcome.error.message, "error")
    return redirect(url_for("manage.center_home", slug=center.slug))
