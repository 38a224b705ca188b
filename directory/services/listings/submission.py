"""A member adds a listing: pending until an admin approves it, managed by its submitter from the start; a
returned listing is sent for review again."""
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...geo.gazetteer import Place
from ...models import Center, CenterKind, CenterManager, CenterStatus, GenderPolicy, User
from ...models.base import utcnow
from ...text import clean_text
from ..audit import record
from ..locks import lock_center
from ..pagination import Page, paginate
from ..search_index import reindex_center
from .duplicates import Duplicate, find_duplicates
from .status import ListingError

PENDING_LIMIT = 5  # listings one member may have waiting for review at once
MINE_PER_PAGE = 20  # "your listings": those not (or no longer) public, newest first
MINE_PAGES = 100  # the newest 2,000: the count and the offset stay bounded
SLUG_MAX = 120


@dataclass
class NewListing:
    """What a member types to add a center (already shape-checked by the form)."""

    name: str
    kind: str
    address: str
    area: str
    city: str
    phone: str | None
    whatsapp: str | None
    email: str | None
    gender_policy: str
    description: str
    latitude: float | None = None  # None: placed by geocoding the address
    longitude: float | None = None


class UnverifiedSubmitter(ListingError):
    """Only members with a confirmed email address add listings."""

    status = 403


class PossibleDuplicates(ListingError):
    """Listings that may be this center: the member claims one instead, or says theirs is different."""

    field = "different_center"

    def __init__(self, duplicates: list[Duplicate]):
        super().__init__(_l("This center may already be listed (see above). Claim the existing listing instead, "
                            "or tick this box if it is a different center."))
        self.duplicates = duplicates


@dataclass(frozen=True)
class Submitted:
    """The new pending listing, and where the geocoder placed it (None: the member typed the coordinates)."""

    center: Center
    located: str | None


def locate(geocode: Callable[[str], Place | None], address: str, area: str, city: str) -> Place | None:
    """The point for an address: the full address, else its area in the city; a whole city is too vague."""
    for text in (", ".join(filter(None, [address, area, city])), ", ".join(filter(None, [area, city]))):
        place = geocode(text) if text else None
        if place is not None and place.kind != "city":
            return place
    return None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def unique_slug(session: Session, name: str, area: str) -> str:
    """`name-area`, with -2, -3... when taken ("royal-spa-clifton-2")."""
    base = slugify(f"{name} {area}")[:SLUG_MAX - 6].strip("-") or "center"
    taken = set(session.scalars(select(Center.slug).where(or_(Center.slug == base, Center.slug.like(f"{base}-%")))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def pending_count(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(Center).where(
        Center.submitted_by_id == user.id, Center.status == CenterStatus.PENDING)) or 0


def check_may_submit(session: Session, user: User) -> None:
    """Refuse a member who cannot add a listing now: email not confirmed, or too many waiting for review."""
    if user.email_verified_at is None:
        raise UnverifiedSubmitter(_l("Confirm your email address first: we need a way to reach you about your "
                                     "listing."))
    if not user.is_admin and pending_count(session, user) >= PENDING_LIMIT:
        raise ListingError(_l("You already have %(pending_limit)s listings waiting for review. You can add more "
                              "once an administrator has looked at them.", pending_limit=PENDING_LIMIT))


def submit_new_listing(session: Session, user: User, data: NewListing, geocode: Callable[[str], Place | None], *,
                       different_center: bool = False) -> Submitted:
    """Add a member's listing: placed on the map (typed coordinates win), checked for duplicates, then pending."""
    check_may_submit(session, user)
    located = None
    if data.latitude is None or data.longitude is None:
        place = locate(geocode, data.address, data.area, data.city)
        if place is None:
            raise ListingError(_l("We could not find this address on the map. Enter the latitude and longitude (a "
                                  "map app shows them when you drop a pin)."), "latitude")
        data, located = replace(data, latitude=place.latitude, longitude=place.longitude), place.label
    duplicates = find_duplicates(session, name=data.name, latitude=data.latitude, longitude=data.longitude,
                                 phones=[data.phone, data.whatsapp])
    if duplicates and not different_center:
        raise PossibleDuplicates(duplicates)
    return Submitted(submit_listing(session, user, data), located)


def submit_listing(session: Session, user: User, data: NewListing, now: datetime | None = None) -> Center:
    """A new pending listing the submitter manages; only admins can publish it."""
    if user.email_verified_at is None:
        raise ListingError(_l("Confirm your email address before adding a listing."))
    if not user.is_admin and pending_count(session, user) >= PENDING_LIMIT:
        raise ListingError(_l("You already have %(pending_limit)s listings waiting for review. Please wait until "
                              "an administrator has looked at them.", pending_limit=PENDING_LIMIT))
    if data.kind not in set(CenterKind) or data.gender_policy not in set(GenderPolicy):
        raise ListingError(_l("Choose one of the listed options."))
    name = clean_text(data.name, 120)
    if len(name) < 2:
        raise ListingError(_l("Enter the center's name."), "name")
    now = now or utcnow()
    center = Center(
        slug=unique_slug(session, name, clean_text(data.area, 80)), name=name, kind=data.kind,
        address=clean_text(data.address, 300), area=clean_text(data.area, 80), city=clean_text(data.city, 80),
        phone=clean_text(data.phone, 40) or None, whatsapp=clean_text(data.whatsapp, 40) or None,
        email=clean_text(data.email, 254) or None, gender_policy=data.gender_policy,
        description=clean_text(data.description, 2000), latitude=data.latitude, longitude=data.longitude,
        amenities=[], status=CenterStatus.PENDING, submitted_by_id=user.id, created_at=now, updated_at=now)
    session.add(center)
    try:
        session.flush()
    except IntegrityError:  # two submissions took the same new slug at once
        raise ListingError(_l("Another listing was saved with this name at the same moment. Please send again."),
                           "name") from None
    session.add(CenterManager(center_id=center.id, user_id=user.id, created_at=now))
    reindex_center(session, center)  # the document is ready; search shows it once it is published
    record(session, user, "center.submitted", "center", center.id, f"{center.name}, {center.area}, {center.city}",
           now=now)
    session.flush()
    return center


def resubmit_listing(session: Session, user: User, center: Center) -> None:
    """A returned (draft) listing goes back to the admins' queue."""
    lock_center(session, center.id)
    session.refresh(center)
    if center.status != CenterStatus.DRAFT:
        raise ListingError(_l("Only a returned listing can be sent for review again."))
    if not user.is_admin and pending_count(session, user) >= PENDING_LIMIT:
        raise ListingError(_l("You already have %(pending_limit)s listings waiting for review.",
                              pending_limit=PENDING_LIMIT))
    center.status, center.status_reason = CenterStatus.PENDING, ""
    record(session, user, "center.resubmitted", "center", center.id, "")


def my_unpublished(session: Session, user: User, page: int = 1) -> Page:
    """Listings the user manages that the public cannot see yet (or any more): pending, returned, suspended; newest
    first, a page at a time up to page MINE_PAGES."""
    managed = exists().where(CenterManager.center_id == Center.id, CenterManager.user_id == user.id)
    stmt = (select(Center).where(managed, Center.status.in_(
        [CenterStatus.PENDING, CenterStatus.DRAFT, CenterStatus.SUSPENDED]))
        .order_by(Center.created_at.desc(), Center.id.desc()))
    return paginate(session, stmt, page, MINE_PER_PAGE, max_page=MINE_PAGES, clamp=True)
