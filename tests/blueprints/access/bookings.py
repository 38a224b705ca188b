"""Access rows for booking requests: anyone may request; the status link's holder cancels; the center answers."""
from datetime import time, timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import BookingRequest, CenterService, OpeningHours
from directory.services.bookings.requests import RequestData, create_request
from directory.services.hours import local_now


def day_after_tomorrow() -> str:
    return (local_now("Asia/Karachi").date() + timedelta(days=2)).isoformat()


def build(factories, world) -> None:
    center, service = world.center, factories.service()
    center.menu.append(CenterService(service=service, name="Swedish", duration_min=60, price_pkr=4500))
    center.hours.extend(OpeningHours(weekday=day, opens_at=_time("10:00"), closes_at=_time("22:00"))
                        for day in range(7))
    db.session.commit()
    data = RequestData(center.menu[0].id, local_now("Asia/Karachi").date() + timedelta(days=2), [_time("15:00")],
                       "any", "Ayesha", "0300-1234567")
    world.extra["booking"] = create_request(db.session, center, None, data)
    db.session.commit()


def _time(text: str) -> time:
    return time.fromisoformat(text)


def _status(world) -> str:
    return db.session.scalar(select(BookingRequest.status).where(BookingRequest.id == world.extra["booking"].id))


def _requests(world) -> int:
    return db.session.scalar(select(func.count()).select_from(BookingRequest))


CENTER_SIDE = ("login", 404, 404, "done", 404, "done")

ROWS = {
    # Members and guests alike may ask (guests are rate-limited; see test_bookings.py).
    "bookings.new": (lambda w: f"/centers/{w.center.slug}/book",
                     lambda w: {"menu_item_id": str(w.center.menu[0].id), "day": day_after_tomorrow(),
                                "start_1": "16:00", "therapist_preference": "any", "name": "Bilal",
                                "mobile": "+92 321 7654321"},
                     lambda w: _requests(w) > 1, ("done",) * 6),
    # The unguessable link is the customer's key: whoever holds it may cancel, signed in or not.
    "bookings.status": (lambda w: f"/bookings/{w.extra['booking'].token}", {"action": "cancel", "version": "1"},
                        lambda w: _status(w) == "cancelled", ("done",) * 6),
    "manage.booking_action": (lambda w: f"/manage/centers/{w.center.slug}/bookings/{w.extra['booking'].id}/confirm",
                              {"version": "1", "window": "15:00-16:00"},
                              lambda w: _status(w) == "confirmed", CENTER_SIDE),
}
