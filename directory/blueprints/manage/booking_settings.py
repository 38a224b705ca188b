"""A center's booking settings page: take requests on or off, minimum notice, days ahead (its managers, admins)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from ...extensions import db
from ...services.bookings.requests import settings_for
from ...services.bookings.settings import DAYS_AHEAD, NOTICE_HOURS, save_settings
from ..guards import get_managed_center_or_404
from ..transactions import perform
from . import bp


class BookingSettingsForm(FlaskForm):
    takes_requests = BooleanField(_l("Take booking requests on Sukoon"))
    min_notice_hours = IntegerField(_l("Minimum notice (hours)"), validators=[
        InputRequired(message=_l("Give the notice you need, in hours (0 for none).")),
        NumberRange(*NOTICE_HOURS, message=_l("Minimum notice is 0 to 168 hours (a week)."))])
    days_ahead = IntegerField(_l("Take requests up to this many days ahead"), validators=[
        InputRequired(message=_l("Give a number of days.")),
        NumberRange(*DAYS_AHEAD, message=_l("Take requests 1 to 90 days ahead."))])


@bp.route("/centers/<slug>/bookings/settings", methods=["GET", "POST"])
@login_required
def booking_settings(slug: str):
    center = get_managed_center_or_404(slug)
    form = BookingSettingsForm(obj=settings_for(db.session, center.id))
    if form.validate_on_submit():
        outcome = perform(save_settings, db.session, current_user, center, form.takes_requests.data,
                          form.min_notice_hours.data, form.days_ahead.data, form=form)
        if outcome.ok:
            flash(_("Booking settings saved."), "success")
            return redirect(url_for("manage.booking_settings", slug=slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("manage/booking_settings.html", center=center, form=form), status
