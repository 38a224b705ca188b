"""The booking state machine: the only place a request's status changes; version-checked and audited."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ...models import BookingRequest, BookingStatus, Role, Therapist, User
from ...models.base import utcnow
from .. import audit
from ..access import manages
from ..errors import ServiceError
from ..notifications.queue import booking_event
from ..reviews.visit_codes import issue_codes

S = BookingStatus
# (from, action) -> to. Who may act: "center" (its managers and admins) or "customer" (the status link's holder).
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (S.NEW, "confirm"): (S.CONFIRMED, "center"),
    (S.NEW, "decline"): (S.DECLINED, "center"),
    (S.NEW, "propose"): (S.PROPOSED, "center"),
    (S.NEW, "cancel"): (S.CANCELLED, "customer"),
    (S.PROPOSED, "accept"): (S.CONFIRMED, "customer"),
    (S.PROPOSED, "cancel"): (S.CANCELLED, "customer"),
    (S.CONFIRMED, "complete"): (S.COMPLETED, "center"),
    (S.CONFIRMED, "no_show"): (S.NO_SHOW, "center"),
    (S.CONFIRMED, "cancel"): (S.CANCELLED, "customer"),
}
AFTER_THE_TIME = {"complete", "no_show"}


class BookingError(ServiceError):
    """A booking rule refused the action."""


class NotAllowed(BookingError):
    status = 404


class StaleBooking(BookingError):
    """Someone else acted on the request since this page was loaded."""

    status = 409

    def __init__(self):
        super().__init__(_l("Someone else has already answered this request. Here is what it says now."))


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user (maybe None) and whether they hold the status link."""

    user: User | None
    holds_link: bool = False


def allowed_actions(status: str, side: str) -> list[str]:
    """The actions one side may take on a request in this status, in table order."""
    return [action for (source, action), (_, who) in TRANSITIONS.items() if source == status and who == side]


def may_act_for_center(session: Session, user: User | None, booking: BookingRequest) -> bool:
    """The center's managers and admins answer for the center."""
    return user is not None and (user.role == Role.ADMIN or manages(session, user, booking.center_id))


def transition(session: Session, actor: Actor, booking: BookingRequest, action: str, seen_version: int,
               now: datetime | None = None, local_now: datetime | None = None, **details) -> BookingRequest:
    """Apply one action from TRANSITIONS; refuse a stale page, a wrong actor or an action the status lacks."""
    rule = TRANSITIONS.get((booking.status, action))
    side = rule[1] if rule else None
    if side == "center" and not may_act_for_center(session, actor.user, booking):
        raise NotAllowed(_l("Only the center's managers can answer this request."))
    if side == "customer" and not actor.holds_link:
        raise NotAllowed(_l("Only the person who sent this request can do that."))
    if booking.version != seen_version:
        raise StaleBooking()
    if rule is None:
        raise BookingError(_l("A request that is %(status_label)s cannot be changed that way.",
                              status_label=booking.status_label.lower()))
    if action in AFTER_THE_TIME and local_now is not None and _starts_at(booking) > local_now:
        raise BookingError(_l("Mark the visit completed or no-show only after its time."))
    source = booking.status
    _apply(session, booking, action, details)
    if action == "complete":  # the invitation to review carries a visit code: the review shows "Verified visit"
        booking.review_code = issue_codes(session, actor.user, booking.center, 1, label=booking.reference, now=now)[0]
    booking.status = rule[0]
    booking.updated_at = now or utcnow()
    note = f"{booking.reference}: {action}" + (f" ({details.get('reason')})" if details.get("reason") else "")
    audit.record(session, actor.user, f"booking.{action}", "booking", booking.id, note, now=now)
    booking_event(session, booking, action, now=now, was=source)  # the customer's mail (or the center's)
    session.flush()  # the version counter raises StaleDataError here when another manager saved first
    return booking


def _apply(session: Session, booking: BookingRequest, action: str, details: dict) -> None:
    if action == "confirm":
        window = details.get("window")
        if window not in booking.windows:
            raise BookingError(_l("Choose one of the times the customer asked for."), "window")
        booking.chosen_window = window
        therapist_id = details.get("therapist_id")
        if therapist_id:
            therapist = session.get(Therapist, therapist_id)
            if therapist is None or therapist.center_id != booking.center_id:
                raise BookingError(_l("Choose one of this center's therapists."), "therapist_id")
            booking.therapist_id = therapist.id
    elif action == "decline":
        reason = (details.get("reason") or "").strip()
        if not reason:
            raise BookingError(_l("Tell the customer why (they see this)."), "reason")
        booking.decline_reason = reason[:300]
    elif action == "propose":
        proposed = details.get("proposed_at")
        if not isinstance(proposed, datetime):
            raise BookingError(_l("Give the date and time you can offer."), "proposed_at")
        booking.proposed_at = proposed
    elif action == "accept":
        booking.chosen_window = f"{booking.proposed_at:%H:%M}"
        booking.requested_on = booking.proposed_at.date()


def _starts_at(booking: BookingRequest) -> datetime:
    start = (booking.chosen_window or booking.windows[0])[:5]
    return datetime.combine(booking.requested_on, datetime.strptime(start, "%H:%M").time())
