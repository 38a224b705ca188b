"""The request form (members and guests; guests rate-limited per address and per phone) and the status page."""
import re

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ...extensions import db, limiter
from ...i18n import current_language
from ...models import BookingRequest
from ...services.bookings.machine import Actor, allowed_actions, transition
from ...services.bookings.requests import (
    create_request,
    find_by_token,
    request_text,
    settings_for,
    whatsapp_link,
)
from ...services.hours import local_now
from ..accounts.limits import friendly_message, log_breach
from ..guards import get_published_center_or_404
from ..transactions import perform
from . import bp
from .forms import BookingActionForm, BookingRequestForm


def _phone_key() -> str:
    digits = re.sub(r"\D", "", request.form.get("mobile", ""))[-10:]  # 0300..., +92300..., 92300... alike
    return f"phone:{digits}"


def _is_member() -> bool:
    return current_user.is_authenticated


def _limit(name: str):
    return lambda: current_app.config[name]


@bp.route("/centers/<slug>/book", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_BOOKING_IP"), methods=["POST"], exempt_when=_is_member,
               error_message=friendly_message, on_breach=log_breach)
@limiter.limit(_limit("RATELIMIT_BOOKING_PHONE"), key_func=_phone_key, methods=["POST"], exempt_when=_is_member,
               error_message=friendly_message, on_breach=log_breach)
def new(slug: str):
    center = get_published_center_or_404(slug)
    settings = settings_for(db.session, center.id)
    form = BookingRequestForm().for_center(center)
    if request.method == "GET" and request.args.get("item", "").isdigit():
        form.menu_item_id.data = int(request.args["item"])
    if settings.takes_requests and center.menu and form.validate_on_submit():
        if form.website.data:  # a bot filled the hidden field: nothing is kept
            abort(400)
        member = current_user if current_user.is_authenticated else None
        outcome = perform(create_request, db.session, center, member, form.data_for_service(), form=form,
                          language=current_language())
        if outcome.ok:
            return redirect(url_for("bookings.status", token=outcome.value.token))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("bookings/new.html", center=center, form=form, settings=settings,
                           today=local_now(center.timezone).date()), status


@bp.route("/bookings/<token>", methods=["GET", "POST"])
def status(token: str):
    booking = find_by_token(db.session, token) or abort(404)
    form = BookingActionForm()
    if form.validate_on_submit():
        outcome = perform(transition, db.session, Actor(current_user if current_user.is_authenticated else None,
                                                        holds_link=True),
                          booking, form.action.data, form.version.data, form=form)
        if outcome.ok or outcome.stale:
            return redirect(url_for("bookings.status", token=token))
        db.session.refresh(booking)
    page = render_template("bookings/status.html", booking=booking, form=form,
                           actions=allowed_actions(booking.status, "customer"),
                           whatsapp=whatsapp_link(booking.center.whatsapp, request_text(booking)))
    return page, 200, {"Cache-Control": "no-store"}  # the page holds a name and a phone number


def status_url(booking: BookingRequest) -> str:
    return url_for("bookings.status", token=booking.token, _external=True)
