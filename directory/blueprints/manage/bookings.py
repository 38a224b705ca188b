"""Managing a center: the booking inbox and its actions. Managers of the center and admins only (others get 404)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ...extensions import db
from ...models import BookingRequest, BookingStatus
from ...services.bookings.machine import Actor, allowed_actions, transition
from ...services.bookings.requests import inbox, whatsapp_link
from ...services.hours import local_now
from ..bookings.forms import BookingActionForm
from ..bookings.views import status_url
from ..guards import get_managed_center_or_404
from ..transactions import perform
from . import bp

CENTER_ACTIONS = {"confirm", "decline", "propose", "complete", "no_show"}


@bp.route("/centers/<slug>/bookings")
@login_required
def bookings(slug: str):
    center = get_managed_center_or_404(slug)
    shown = request.args.get("status", BookingStatus.NEW)
    if shown not in BookingStatus.__members__.values():
        shown = BookingStatus.NEW
    counts = dict(db.session.execute(select(BookingRequest.status, func.count()).where(
        BookingRequest.center_id == center.id).group_by(BookingRequest.status)).all())
    rows = inbox(db.session, center.id, shown)
    no_shows = _no_shows(center.id, {row.mobile for row in rows})
    return render_template("manage/bookings.html", center=center, rows=rows, shown=shown, counts=counts,
                           statuses=list(BookingStatus), form=BookingActionForm(), no_shows=no_shows,
                           actions=lambda row: allowed_actions(row.status, "center"),
                           reply=lambda row, text: whatsapp_link(row.mobile, f"{row.reference}: {text}"),
                           status_url=status_url)


@bp.route("/centers/<slug>/bookings/<int:booking_id>/<action>", methods=["POST"])
@login_required
def booking_action(slug: str, booking_id: int, action: str):
    center = get_managed_center_or_404(slug)
    booking = db.session.get(BookingRequest, booking_id)
    if booking is None or booking.center_id != center.id or action not in CENTER_ACTIONS:
        abort(404)
    form = BookingActionForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = perform(transition, db.session, Actor(current_user), booking, action, form.version.data,
                      local_now=local_now(center.timezone), window=form.window.data,
                      therapist_id=form.therapist_id.data, reason=form.reason.data,
                      proposed_at=form.proposed_at.data)
    if outcome.ok:
        flash(_("%(reference)s: %(status)s.", reference=booking.reference, status=booking.status_label.lower()),
              "success")
    else:
        flash(outcome.error.message, "error")
    return redirect(url_for("manage.bookings", slug=slug, status=request.args.get("from", BookingStatus.NEW)))


def _no_shows(center_id: int, mobiles: set[str]) -> dict[str, int]:
    """Each customer's no-shows at this center only (bounded by the rows on the page)."""
    if not mobiles:
        return {}
    stmt = (select(BookingRequest.mobile, func.count()).where(
        BookingRequest.center_id == center_id, BookingRequest.status == BookingStatus.NO_SHOW,
        BookingRequest.mobile.in_(mobiles)).group_by(BookingRequest.mobile))
    return dict(db.session.execute(stmt).all())
