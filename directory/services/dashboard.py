"""The owner dashboard: the centers a user manages and what needs their attention, in a fixed number of queries."""
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as ngettext  # lazy; named so `make messages` extracts it
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..models import (
    BookingRequest,
    BookingStatus,
    Center,
    CenterManager,
    CenterStatus,
    ChangeReport,
    Credential,
    CredentialStatus,
    ReportStatus,
    Review,
    ReviewReply,
    ReviewStatus,
    Therapist,
    User,
)
from .credentials import RECENTLY_CONFIRMED
from .pagination import Page, paginate

EXPIRY_WARNING = timedelta(days=30)


@dataclass(frozen=True)
class Item:
    """One thing to do: what, and which page fixes it (a key the web layer turns into a link; "" for none)."""

    key: str
    text: str
    page: str  # "therapists", "reviews", "reports", "overview" or ""
    tone: str = "warning"  # warning | info


@dataclass
class Attention:
    pending_credentials: int = 0
    expiring_credentials: int = 0
    expired_credentials: int = 0
    rejected_credentials: int = 0
    unanswered_reviews: int = 0
    open_reports: int = 0
    new_bookings: int = 0
    unconfirmed: bool = False
    items: list[Item] = field(default_factory=list)


@dataclass
class ManagedCenter:
    center: Center
    attention: Attention

    @property
    def status_label(self) -> str:
        return CenterStatus(self.center.status).label


def _items(a: Attention, center: Center) -> list[Item]:
    items = []
    if a.rejected_credentials:
        items.append(Item("rejected_credentials", ngettext(
            "%(num)d credential rejected: see why and send a corrected one",
            "%(num)d credentials rejected: see why and send a corrected one", a.rejected_credentials), "therapists"))
    if a.expired_credentials:
        items.append(Item("expired_credentials", ngettext(
            "%(num)d credential expired: add the renewed document",
            "%(num)d credentials expired: add the renewed document", a.expired_credentials), "therapists"))
    if a.expiring_credentials:
        items.append(Item("expiring_credentials", ngettext(
            "%(num)d credential expiring within 30 days",
            "%(num)d credentials expiring within 30 days", a.expiring_credentials), "therapists"))
    if a.pending_credentials:
        items.append(Item("pending_credentials", ngettext(
            "%(num)d credential waiting for verification by Sukoon",
            "%(num)d credentials waiting for verification by Sukoon", a.pending_credentials), "therapists", "info"))
    if a.unanswered_reviews:
        items.append(Item("unanswered_reviews", ngettext(
            "%(num)d review without a reply", "%(num)d reviews without a reply", a.unanswered_reviews),
            "reviews" if center.status == CenterStatus.PUBLISHED else ""))
    if a.open_reports:
        items.append(Item("open_reports", ngettext(
            "%(num)d reported change to accept or dismiss",
            "%(num)d reported changes to accept or dismiss", a.open_reports), "reports"))
    if a.new_bookings:
        items.append(Item("new_bookings", ngettext(
            "%(num)d booking request to answer", "%(num)d booking requests to answer", a.new_bookings), "bookings"))
    if a.unconfirmed and center.status == CenterStatus.PUBLISHED:
        text = (_l("Listing never confirmed: check it and confirm it is current") if center.confirmed_at is None
                else _l("Listing not confirmed for over 90 days: check it and confirm it is current"))
        items.append(Item("unconfirmed", text, "overview"))  # the confirm button is there (confirming is a POST)
    return items


def attention_for(session: Session, centers: list[Center], today: date) -> dict[int, Attention]:
    """What needs doing for each center: four GROUP BY queries, whatever the number of centers."""
    ids = [center.id for center in centers]
    found = {center_id: Attention() for center_id in ids}
    if not ids:
        return found
    soon = today + EXPIRY_WARNING
    lapsed = and_(Credential.valid_until.is_not(None), Credential.valid_until < today)
    live = or_(Credential.valid_until.is_(None), Credential.valid_until >= today)

    def tally(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    credentials = session.execute(
        select(Therapist.center_id,
               tally((Credential.status == CredentialStatus.PENDING) & live),
               tally((Credential.status == CredentialStatus.VERIFIED) & Credential.valid_until.between(today, soon)),
               tally((Credential.status != CredentialStatus.REJECTED)
                     & (lapsed | (Credential.status == CredentialStatus.EXPIRED))),
               tally(Credential.status == CredentialStatus.REJECTED))
        .join(Credential, Credential.therapist_id == Therapist.id)
        .where(Therapist.center_id.in_(ids)).group_by(Therapist.center_id))
    for center_id, pending, expiring, expired, rejected in credentials:
        a = found[center_id]
        a.pending_credentials, a.expiring_credentials = int(pending), int(expiring)
        a.expired_credentials, a.rejected_credentials = int(expired), int(rejected)
    unanswered = session.execute(
        select(Review.center_id, func.count(Review.id))
        .outerjoin(ReviewReply, ReviewReply.review_id == Review.id)
        .where(Review.center_id.in_(ids), Review.status == ReviewStatus.PUBLISHED, ReviewReply.id.is_(None))
        .group_by(Review.center_id))
    for center_id, n in unanswered:
        found[center_id].unanswered_reviews = n
    reports = session.execute(
        select(ChangeReport.center_id, func.count(ChangeReport.id))
        .where(ChangeReport.center_id.in_(ids), ChangeReport.status == ReportStatus.OPEN)
        .group_by(ChangeReport.center_id))
    for center_id, n in reports:
        found[center_id].open_reports = n
    bookings = session.execute(  # served by ix_booking_requests_center_status
        select(BookingRequest.center_id, func.count(BookingRequest.id))
        .where(BookingRequest.center_id.in_(ids), BookingRequest.status == BookingStatus.NEW)
        .group_by(BookingRequest.center_id))
    for center_id, n in bookings:
        found[center_id].new_bookings = n
    for center in centers:
        a = found[center.id]
        a.unconfirmed = center.confirmed_at is None or today - center.confirmed_at.date() > RECENTLY_CONFIRMED
        a.items = _items(a, center)
    return found


DASHBOARD_PER_PAGE = 50
DASHBOARD_PAGES = 200  # a chain's first 10,000 centers by name: the count and the offset stay bounded


def managed_centers(session: Session, user: User, page: int = 1) -> Page:
    """Centers the user is an approved manager of (admins too: only those they manage), by name, a page at a time."""
    stmt = (select(Center).join(CenterManager, CenterManager.center_id == Center.id)
            .where(CenterManager.user_id == user.id).order_by(Center.name, Center.id))
    return paginate(session, stmt, page, DASHBOARD_PER_PAGE, max_page=DASHBOARD_PAGES, clamp=True)


def dashboard_rows(session: Session, user: User, today: date, page: int = 1) -> Page:
    """One page of the centers the user manages, each with what needs attention there (for that page only)."""
    centers = managed_centers(session, user, page)
    attention = attention_for(session, centers.items, today)
    return replace(centers, items=[ManagedCenter(center, attention[center.id]) for center in centers.items])


def manages_any(session: Session, user: User) -> bool:
    return session.scalar(select(CenterManager.id).where(CenterManager.user_id == user.id).limit(1)) is not None
