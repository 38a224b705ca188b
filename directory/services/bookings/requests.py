"""Making a booking request: checked against the center's settings and hours in its own time zone."""
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import BookingRequest, BookingSettings, Center, CenterService, TherapistPreference, User
from ...models.base import utcnow
from .. import audit
from ..hours import Span, local_now, open_blocks
from ..notifications.queue import booking_event
from ..reviews.visit_codes import ALPHABET
from .machine import BookingError
from .phones import to_e164, wa_digits

MAX_WINDOWS = 3


@dataclass(frozen=True)
class RequestData:
    """What the form collected, already typed."""

    menu_item_id: int
    day: date
    starts: list[time]
    therapist_preference: str
    name: str
    mobile: str
    email: str | None = None
    note: str = ""


def settings_for(session: Session, center_id: int) -> BookingSettings:
    """The center's settings row, or the defaults (not added to the session)."""
    found = session.get(BookingSettings, center_id)
    return found or BookingSettings(center_id=center_id, takes_requests=True, min_notice_hours=2, days_ahead=30)


def preferences_offered(center: Center) -> list[tuple[str, str]]:
    """Only the therapist genders the center lists (any is always offered)."""
    genders = {therapist.gender for therapist in center.therapists}
    return [(p.value, p.label) for p in TherapistPreference if p == TherapistPreference.ANY or p.value in genders]


def create_request(session: Session, center: Center, member: User | None, data: RequestData,
                   now: datetime | None = None, language: str | None = None) -> BookingRequest:
    """A new request (status new) with a reference and a status link; refuses times the center cannot take."""
    settings = settings_for(session, center.id)
    if not settings.takes_requests:
        raise BookingError(_l("This center is not taking booking requests on Sukoon at the moment."))
    item = session.get(CenterService, data.menu_item_id) if data.menu_item_id else None
    if item is None or item.center_id != center.id:
        raise BookingError(_l("Choose a treatment from this center's menu."), "menu_item_id")
    if data.therapist_preference not in dict(preferences_offered(center)):
        raise BookingError(_l("Choose a preference this center offers."), "therapist_preference")
    windows = _check_times(center, settings, item.duration_min, data, local_now(center.timezone, now))
    mobile = to_e164(data.mobile)
    booking = BookingRequest(
        reference=_new_reference(session), token=secrets.token_urlsafe(32), center_id=center.id,
        menu_item_id=item.id, item_label=f"{item.name}, {item.duration_min} min, Rs {item.price_pkr:,}",
        member_id=member.id if member is not None else None, requested_on=data.day, windows=windows,
        therapist_preference=data.therapist_preference, name=data.name.strip()[:80], mobile=mobile,
        email=(data.email or "").strip() or None, note=(data.note or "").strip()[:500], created_at=now or utcnow(),
        language=language)
    session.add(booking)
    session.flush()
    audit.record(session, member, "booking.requested", "booking", booking.id, booking.reference, now=now)
    booking_event(session, booking, "requested", now=now)  # mail rows in this transaction; sent after the commit
    return booking


def _check_times(center: Center, settings: BookingSettings, minutes: int, data: RequestData,
                 local: datetime) -> list[str]:
    starts = sorted(set(data.starts))
    if not 1 <= len(starts) <= MAX_WINDOWS:
        raise BookingError(_l("Give one to %(max_windows)s times that suit you.", max_windows=MAX_WINDOWS), "start_1")
    if data.day > local.date() + timedelta(days=settings.days_ahead):
        raise BookingError(_l("This center takes requests up to %(days_ahead)s days ahead.",
                              days_ahead=settings.days_ahead), "day")
    spans = [Span(row.weekday, row.opens_at, row.closes_at) for row in center.hours]
    blocks = open_blocks(spans, data.day, center.closures)
    earliest = local + timedelta(hours=settings.min_notice_hours)
    windows = []
    for start in starts:
        begins = datetime.combine(data.day, start)
        ends = begins + timedelta(minutes=minutes)
        if begins <= local:
            raise BookingError(_l("%(start)s on %(day)s has already passed.",
                                  start=f"{start:%H:%M}", day=f"{data.day:%d %b}"), "start_1")
        if begins < earliest:
            raise BookingError(_l("This center needs %(min_notice_hours)s hours' notice: choose %(earliest)s or "
                                  "later.",
                                  min_notice_hours=settings.min_notice_hours, earliest=f"{earliest:%H:%M}"), "start_1")
        if not any(open_ <= begins and ends <= close for open_, close in blocks):
            raise BookingError(_l("The center is not open for a %(minutes)s-minute visit at %(start)s on %(day)s. "
                                  "See its opening hours.",
                                  minutes=minutes, start=f"{start:%H:%M}", day=f"{data.day:%A %d %b}"), "start_1")
        windows.append(f"{begins:%H:%M}-{ends:%H:%M}")
    return windows


def _new_reference(session: Session) -> str:
    while True:  # 31 ** 4 references; a collision only costs another draw
        reference = "SK-" + "".join(secrets.choice(ALPHABET) for _ in range(4))
        if session.scalar(select(BookingRequest.id).where(BookingRequest.reference == reference)) is None:
            return reference


def find_by_token(session: Session, token: str) -> BookingRequest | None:
    """The request a status link names (None for anything else)."""
    if not token or len(token) > 64:
        return None
    return session.scalar(select(BookingRequest).where(BookingRequest.token == token))


def request_text(booking: BookingRequest) -> str:
    """The request in words, as the customer sends it to the center on WhatsApp."""
    times = " or ".join(booking.windows)
    lines = [f"Booking request {booking.reference} via Sukoon", f"{booking.item_label}",
             f"{booking.requested_on:%A %d %b %Y}, {times}", f"Name: {booking.name}, mobile {booking.mobile}"]
    if booking.therapist_preference != TherapistPreference.ANY:
        lines.append(str(TherapistPreference(booking.therapist_preference).label))
    if booking.note:
        lines.append(f"Note: {booking.note}")
    return "\n".join(lines)


def whatsapp_link(number: str | None, text: str) -> str | None:
    """https://wa.me/<digits>?text=<text> (UTF-8 percent-encoded, so Urdu survives), None without a number."""
    digits = wa_digits(number)
    return f"https://wa.me/{digits}?text={quote(text, safe='')}" if digits else None


def inbox(session: Session, center_id: int, status: str, limit: int = 50) -> list[BookingRequest]:
    """A center's requests in one status, newest first (bounded)."""
    stmt = (select(BookingRequest).where(BookingRequest.center_id == center_id, BookingRequest.status == status)
            .order_by(BookingRequest.created_at.desc(), BookingRequest.id.desc()).limit(limit))
    return list(session.scalars(stmt))


def accepts_booking_requests(session: Session, center: Center) -> bool:
    """Whether the center's page offers "Request a booking": requests on and a menu to choose from."""
    return bool(center.menu) and settings_for(session, center.id).takes_requests
