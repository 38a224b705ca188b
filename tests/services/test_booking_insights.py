"""Weekly booking counts for the owner's insights: requests received per local week and what became of them."""
from datetime import date, datetime

from directory.extensions import db
from directory.models import BookingRequest
from directory.services.bookings.queries import weekly_bookings

MONDAY = date(2026, 11, 30)
WEEKS = [MONDAY, date(2026, 11, 23), date(2026, 11, 16)]


def add(center, created_utc: datetime, status: str, n: int = 1) -> None:
    for _ in range(n):
        count = db.session.query(BookingRequest).count()
        db.session.add(BookingRequest(
            reference=f"SK-{count:04d}", token=f"t{count:042d}", center_id=center.id, item_label="Swedish",
            requested_on=date(2026, 12, 1), windows=["15:00-16:00"], name="A", mobile="+923001234567",
            status=status, created_at=created_utc))
    db.session.commit()


def test_each_week_counts_its_requests_by_what_became_of_them(factories):
    center, other = factories.center(), factories.center()
    add(center, datetime(2026, 12, 1, 9), "new", 2)
    add(center, datetime(2026, 12, 2, 9), "confirmed")
    add(center, datetime(2026, 11, 24, 9), "completed", 3)
    add(center, datetime(2026, 11, 25, 9), "no_show")
    add(center, datetime(2026, 11, 26, 9), "declined")
    add(center, datetime(2026, 10, 1, 9), "completed")  # before the weeks shown
    add(other, datetime(2026, 12, 1, 9), "completed", 4)  # another center's
    weeks, totals = weekly_bookings(db.session, center.id, WEEKS, "Asia/Karachi")
    assert [(w.start, w.received, w.confirmed, w.completed, w.no_shows) for w in weeks] == [
        (MONDAY, 3, 1, 0, 0), (date(2026, 11, 23), 5, 4, 3, 1), (date(2026, 11, 16), 0, 0, 0, 0)]
    assert totals == {"received": 8, "confirmed": 5, "completed": 3, "no_shows": 1}


def test_weeks_start_at_local_midnight_on_monday(factories):
    center = factories.center()
    add(center, datetime(2026, 11, 29, 19, 30), "new")  # Sunday 19:30 UTC is Monday 00:30 in Karachi
    add(center, datetime(2026, 11, 29, 18, 30), "new")  # Sunday 23:30 in Karachi: the week before
    weeks, _ = weekly_bookings(db.session, center.id, WEEKS, "Asia/Karachi")
    assert [w.received for w in weeks] == [1, 1, 0]
