"""Access rows for booking requests: anyone may request; the status link's holder cancels; the center answers."""
from datetime import timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import BookingRequest, BookingSettings
from directory.services.hours import local_now


def day_after_tomorrow() -> str:
    return (local_now("Asia/Karachi").date() + timedelta(days=2)).isoformat()


def build(factories, world) -> None:
    """A bookable center for new requests; a request at world.center (whose menu and hours other rows own)."""
    world.extra["bookable"] = factories.center(menu=[(factories.service(), 60, 4500)],
                                               hours={day: [("10:00", "22:00")] for day in range(7)})
    day = local_now("Asia/Karachi").date() + timedelta(days=2)
    world.extra["booking"] = BookingRequest(
        reference="SK-TEST", token="t" * 43, center_id=world.center.id, item_label="Swedish, 60 min, Rs 4,500",
        requested_on=day, windows=["15:00-16:00"], name="Ayesha", mobile="+923001234567")
    db.session.add(world.extra["booking"])
    db.session.commit()


def _status(world) -> str:
    return db.session.scalar(select(BookingRequest.status).where(BookingRequest.id == world.extra["booking"].id))


def _requests(world) -> int:
    return db.session.scalar(select(func.count()).select_from(BookingRequest))


CENTER_SIDE = ("login", 404, 404, "done", 404, "done")

ROWS = {
    # Members and guests alike may ask (guests are rate-limited; see test_bookings.py).
    "bookings.new": (lambda w: f"/centers/{w.extra['bookable'].slug}/book",
                     lambda w: {"menu_item_id": str(w.extra["bookable"].menu[0].id), "day": day_after_tomorrow(),
                                "start_1": "16:00", "therapist_preference": "any", "name": "Bilal",
                                "mobile": "+92 321 7654321"},
                     lambda w: _requests(w) > 1, ("done",) * 6),
    # The unguessable link is the customer's key: whoever holds it may cancel, signed in or not.
    "bookings.status": (lambda w: f"/bookings/{w.extra['booking'].token}", {"action": "cancel", "version": "1"},
                        lambda w: _status(w) == "cancelled", ("done",) * 6),
    "manage.booking_settings": (lambda w: f"/manage/centers/{w.center.slug}/bookings/settings",
                                {"min_notice_hours": "5", "days_ahead": "14"},
                                lambda w: db.session.scalar(select(BookingSettings.days_ahead).where(
                                    BookingSettings.center_id == w.center.id)) == 14, CENTER_SIDE),
    "manage.booking_action": (lambda w: f"/manage/centers/{w.center.slug}/bookings/{w.extra['booking'].id}/confirm",
                              {"version": "1", "window": "15:00-16:00"},
                              lambda w: _status(w) == "confirmed", CENTER_SIDE),
}
