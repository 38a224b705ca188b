"""Listing lifecycle: members submit new listings (pending), admins approve or return them, suspend and restore,
soft delete and restore (the rows, menus and reviews always stay). Every admin action is audited. Views commit."""
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..geo.gazetteer import Place
from ..models import (
    Center,
    CenterClaim,
    CenterKind,
    CenterManager,
    CenterStatus,
    ChangeReport,
    ClaimStatus,
    Credential,
    CredentialStatus,
    GenderPolicy,
    ReportStatus,
    Review,
    ReviewFlag,
    ReviewStatus,
    Role,
    User,
)
from ..models.base import utcnow
from ..text import clean_text
from .audit import record
from .errors import ServiceError
from .listing_versions import expect_version
from .locks import lock_center
from .search_index import reindex_center

PENDING_LIMIT = 5  # listings one member may have waiting for review at once
REASON_MIN, REASON_MAX = 3, 500
QUEUE_LIMIT = 100
SLUG_MAX = 120


class ListingError(ServiceError):
    """An action that does not apply to this listing."""


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
    latitude: float
    longitude: float


# --- adding a listing ---------------------------------------------------------------------------------------------

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


def submit_listing(session: Session, user: User, data: NewListing, now: datetime | None = None) -> Center:
    """A new pending listing the submitter manages; only admins can publish it."""
    if user.email_verified_at is None:
        raise ListingError("Confirm your email address before adding a listing.")
    if not user.is_admin and pending_count(session, user) >= PENDING_LIMIT:
        raise ListingError(f"You already have {PENDING_LIMIT} listings waiting for review. Please wait until an "
                           "administrator has looked at them.")
    if data.kind not in set(CenterKind) or data.gender_policy not in set(GenderPolicy):
        raise ListingError("Choose one of the listed options.")
    name = clean_text(data.name, 120)
    if len(name) < 2:
        raise ListingError("Enter the center's name.", "name")
    now = now or utcnow()
    center = Center(
        slug=unique_slug(session, name, clean_text(data.area, 80)), name=name, kind=data.kind,
        address=clean_text(data.address, 300), area=clean_text(data.area, 80), city=clean_text(data.city, 80),
        phone=clean_text(data.phone, 40) or None, whatsapp=clean_text(data.whatsapp, 40) or None,
        email=clean_text(data.email, 254) or None, gender_policy=data.gender_policy,
        description=clean_text(data.description, 2000), latitude=data.latitude, longitude=data.longitude,
        amenities=[], status=CenterStatus.PENDING, submitted_by_id=user.id, created_at=now, updated_at=now)
    session.add(center)
    session.flush()
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
        raise ListingError("Only a returned listing can be sent for review again.")
    if not user.is_admin and pending_count(session, user) >= PENDING_LIMIT:
        raise ListingError(f"You already have {PENDING_LIMIT} listings waiting for review.")
    center.status, center.status_reason = CenterStatus.PENDING, ""
    record(session, user, "center.resubmitted", "center", center.id, "")


def my_unpublished(session: Session, user: User) -> list[Center]:
    """Listings the user manages that the public cannot see yet (or any more): pending, returned, suspended."""
    managed = exists().where(CenterManager.center_id == Center.id, CenterManager.user_id == user.id)
    return list(session.scalars(select(Center).where(managed, Center.status.in_(
        [CenterStatus.PENDING, CenterStatus.DRAFT, CenterStatus.SUSPENDED])).order_by(Center.created_at.desc())))


# --- admin decisions ----------------------------------------------------------------------------------------------

def approve_listing(session: Session, admin: User, center: Center, note: str = "", version: object = None) -> None:
    """Publish a pending listing; it counts as confirmed today. `version` is what the admin saw (None: skip)."""
    now = _start(session, admin, center, CenterStatus.PENDING, "Only a listing waiting for review can be approved.",
                 version)
    center.status, center.status_reason, center.confirmed_at = CenterStatus.PUBLISHED, "", now
    submitter = session.get(User, center.submitted_by_id) if center.submitted_by_id else None
    if submitter is not None and submitter.role == Role.MEMBER:
        submitter.role = Role.OWNER
    reindex_center(session, center)
    record(session, admin, "center.approved", "center", center.id, _note(note), now=now)


def return_listing(session: Session, admin: User, center: Center, reason: str, version: object = None) -> None:
    """Send a pending listing back to its submitter as a draft, with a reason they see."""
    reason = _note(reason, required=True)
    now = _start(session, admin, center, CenterStatus.PENDING, "Only a listing waiting for review can be returned.",
                 version)
    center.status, center.status_reason = CenterStatus.DRAFT, reason
    record(session, admin, "center.returned", "center", center.id, reason, now=now)


def suspend_listing(session: Session, admin: User, center: Center, reason: str) -> None:
    """Hide a published listing from the public; its managers still edit it and see the reason."""
    reason = _note(reason, required=True)
    now = _start(session, admin, center, CenterStatus.PUBLISHED, "Only a published listing can be suspended.")
    center.status, center.status_reason = CenterStatus.SUSPENDED, reason
    record(session, admin, "center.suspended", "center", center.id, reason, now=now)


def unsuspend_listing(session: Session, admin: User, center: Center, note: str = "") -> None:
    now = _start(session, admin, center, CenterStatus.SUSPENDED, "Only a suspended listing can be restored.")
    center.status, center.status_reason = CenterStatus.PUBLISHED, ""
    record(session, admin, "center.unsuspended", "center", center.id, _note(note), now=now)


def _start(session: Session, admin: User, center: Center, status: str, wrong_state: str,
           version: object = None) -> datetime:
    """Check the actor, lock the center and re-read it under the lock: it must still be in `status`."""
    if not admin.is_admin:
        raise ListingError("Only administrators decide listings.")
    lock_center(session, center.id)
    session.refresh(center)
    if center.status != status:
        raise ListingError(f"{wrong_state} This one is now: {CenterStatus(center.status).label.lower()}.")
    if version is not None:
        expect_version(center, version)
    return utcnow()


def _note(text: str | None, required: bool = False) -> str:
    text = clean_text(text, 10_000)
    if required and len(text) < REASON_MIN:
        raise ListingError("Write the reason (the listing's managers see it).", "reason")
    if len(text) > REASON_MAX:
        raise ListingError(f"Keep the reason to {REASON_MAX} characters.", "reason")
    return text


# --- soft delete ----------------------------------------------------------------------------------------------------

def soft_delete_center(session: Session, actor: User, center: Center, note: str) -> None:
    """Hide a listing from every public page and search; remember its status so a restore puts it back."""
    if center.status == CenterStatus.DELETED:
        raise ListingError("This listing is already deleted.")
    center.status_before_delete, center.status = center.status, CenterStatus.DELETED
    center.deleted_at = utcnow()
    record(session, actor, "center.delete", "center", center.id, note)


def restore_center(session: Session, actor: User, center: Center, note: str) -> None:
    """Bring a deleted listing back with the status it had."""
    if center.status != CenterStatus.DELETED:
        raise ListingError("Only a deleted listing can be restored.")
    center.status = center.status_before_delete or CenterStatus.PUBLISHED
    center.status_before_delete, center.deleted_at = None, None
    record(session, actor, "center.restore", "center", center.id, note)


# --- queues -------------------------------------------------------------------------------------------------------

def deleted_centers(session: Session) -> list[Center]:
    return list(session.scalars(select(Center).where(Center.status == CenterStatus.DELETED)
                                .order_by(Center.deleted_at.desc())))


def pending_listings(session: Session) -> list[tuple[Center, User | None]]:
    """Listings waiting for review, oldest first, with who submitted them."""
    return [(center, user) for center, user in session.execute(
        select(Center, User).outerjoin(User, User.id == Center.submitted_by_id)
        .where(Center.status == CenterStatus.PENDING).order_by(Center.created_at, Center.id).limit(QUEUE_LIMIT))]


def suspended_listings(session: Session) -> list[Center]:
    return list(session.scalars(select(Center).where(Center.status == CenterStatus.SUSPENDED)
                                .order_by(Center.updated_at.desc()).limit(QUEUE_LIMIT)))


def queue_counts(session: Session) -> dict[str, int]:
    """How much waits in every admin queue, in one query."""
    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    open_flag = exists().where(ReviewFlag.review_id == Review.id, ReviewFlag.resolved_at.is_(None))
    row = session.execute(select(
        count(CenterClaim, CenterClaim.status == ClaimStatus.PENDING).label("claims"),
        count(Center, Center.status == CenterStatus.PENDING).label("listings"),
        count(Center, Center.status == CenterStatus.SUSPENDED).label("suspended"),
        count(Center, Center.status == CenterStatus.DELETED).label("deleted"),
        count(Credential, Credential.status == CredentialStatus.PENDING).label("credentials"),
        count(ChangeReport, ChangeReport.status == ReportStatus.OPEN).label("reports"),
        count(Review, or_(Review.status == ReviewStatus.HELD,
                          (Review.status == ReviewStatus.PUBLISHED) & open_flag)).label("reviews"),
    )).one()
    return dict(row._mapping)
