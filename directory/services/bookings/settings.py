"""A center's booking settings: take requests on or off, minimum notice and how far ahead (one row per center)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ...models import BookingSettings, Center, User
from .. import audit
from .machine import BookingError

NOTICE_HOURS = (0, 168)  # the same ranges as the table's CHECK constraints
DAYS_AHEAD = (1, 90)


def save_settings(session: Session, actor: User, center: Center, takes_requests: bool, min_notice_hours: int,
                  days_ahead: int) -> BookingSettings:
    """Write the center's settings (creating its row on first save); ranges are checked here and by the database."""
    if not NOTICE_HOURS[0] <= min_notice_hours <= NOTICE_HOURS[1]:
        raise BookingError(_l("Minimum notice is 0 to 168 hours (a week)."), "min_notice_hours")
    if not DAYS_AHEAD[0] <= days_ahead <= DAYS_AHEAD[1]:
        raise BookingError(_l("Take requests 1 to 90 days ahead."), "days_ahead")
    row = session.get(BookingSettings, center.id)
    if row is None:
        row = BookingSettings(center_id=center.id)
        session.add(row)
    row.takes_requests, row.min_notice_hours, row.days_ahead = bool(takes_requests), min_notice_hours, days_ahead
    audit.record(session, actor, "booking.settings", "center", center.id,
                 f"requests {'on' if takes_requests else 'off'}, {min_notice_hours} h notice, {days_ahead} days ahead")
    session.flush()
    return row
