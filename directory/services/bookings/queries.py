"""Reading booking requests: a member's own list and the weekly counts in the owner's insights."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, joinedload

from ...models import BookingRequest, BookingStatus
from ..pagination import Page, paginate

PER_PAGE = 20
PAGE_MAX = 500  # a deeper page number is treated as the first (pages are cheap, offsets are not)
S = BookingStatus
# Each figure counts the requests *received* that week (a cohort), by what became of them.
BOOKING_FIELDS = {
    "received": None,
    "confirmed": (S.CONFIRMED, S.COMPLETED, S.NO_SHOW),  # confirmed at some point (a visit followed or was due)
    "completed": (S.COMPLETED,),
    "no_shows": (S.NO_SHOW,),
}


def member_requests(session: Session, member_id: int, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """The member's own requests, newest first, one page at a time (served by ix_booking_requests_member_id)."""
    stmt = (select(BookingRequest).options(joinedload(BookingRequest.center))
            .where(BookingRequest.member_id == member_id)
            .order_by(BookingRequest.created_at.desc(), BookingRequest.id.desc()))
    return paginate(session, stmt, page if 0 < page <= PAGE_MAX else 1, per_page)


@dataclass
class BookingWeek:
    start: date
    received: int = 0
    confirmed: int = 0
    completed: int = 0
    no_shows: int = 0


def _utc(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight starting `day`, as the naive UTC the table stores."""
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def weekly_bookings(session: Session, center_id: int, week_starts: list[date],
                    timezone: str) -> tuple[list[BookingWeek], dict[str, int]]:
    """Requests received in each local week (newest first, as given) and how many were confirmed, completed or
    no-shows; one query of conditional sums over the center's rows since the oldest week."""
    zone = ZoneInfo(timezone)
    bounds = [(_utc(start, zone), _utc(start + timedelta(days=7), zone)) for start in week_starts]
    columns = []
    for begins, ends in bounds:
        in_week = and_(BookingRequest.created_at >= begins, BookingRequest.created_at < ends)
        for statuses in BOOKING_FIELDS.values():
            condition = in_week if statuses is None else and_(in_week, BookingRequest.status.in_(statuses))
            columns.append(func.coalesce(func.sum(case((condition, 1), else_=0)), 0))
    oldest = min(begins for begins, _ in bounds)
    row = session.execute(select(*columns).where(BookingRequest.center_id == center_id,
                                                 BookingRequest.created_at >= oldest)).one()
    weeks, names = [], list(BOOKING_FIELDS)
    for n, start in enumerate(week_starts):
        values = row[n * len(names):(n + 1) * len(names)]
        weeks.append(BookingWeek(start, **{name: int(value) for name, value in zip(names, values, strict=True)}))
    return weeks, {name: sum(getattr(week, name) for week in weeks) for name in names}
