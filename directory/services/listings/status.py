"""Admins decide a listing's status: approve or return a new one, suspend and restore a published one, soft delete
and restore (the rows, menus and reviews always stay); and the listing queues they work from. Every action is
audited and checks under a lock that the listing is still in the state the admin saw."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Center, CenterStatus, Role, User
from ...models.base import utcnow
from ...text import clean_text
from ..audit import record
from ..errors import ServiceError
from ..locks import lock_center
from ..pagination import Page, paginate
from ..search_index import reindex_center
from .versions import expect_version

REASON_MIN, REASON_MAX = 3, 500
QUEUE_LIMIT = 100
DELETED_PER_PAGE = 50
DELETED_PAGES = 100  # the 5,000 most recently deleted: the count and the offset stay bounded


class ListingError(ServiceError):
    """An action that does not apply to this listing."""


# --- admin decisions ----------------------------------------------------------------------------------------------

def approve_listing(session: Session, admin: User, center: Center, note: str = "", version: object = None) -> None:
    """Publish a pending listing; it counts as confirmed today. `version` is what the admin saw (None: skip)."""
    now = _start(session, admin, center, CenterStatus.PENDING, _l("Only a listing waiting for review can be approved."),
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
    now = _start(session, admin, center, CenterStatus.PENDING, _l("Only a listing waiting for review can be returned."),
                 version)
    center.status, center.status_reason = CenterStatus.DRAFT, reason
    record(session, admin, "center.returned", "center", center.id, reason, now=now)


def suspend_listing(session: Session, admin: User, center: Center, reason: str) -> None:
    """Hide a published listing from the public; its managers still edit it and see the reason."""
    reason = _note(reason, required=True)
    now = _start(session, admin, center, CenterStatus.PUBLISHED, _l("Only a published listing can be suspended."))
    center.status, center.status_reason = CenterStatus.SUSPENDED, reason
    record(session, admin, "center.suspended", "center", center.id, reason, now=now)


def unsuspend_listing(session: Session, admin: User, center: Center, note: str = "") -> None:
    now = _start(session, admin, center, CenterStatus.SUSPENDED, _l("Only a suspended listing can be restored."))
    center.status, center.status_reason = CenterStatus.PUBLISHED, ""
    record(session, admin, "center.unsuspended", "center", center.id, _note(note), now=now)


def _start(session: Session, admin: User, center: Center, status: str, wrong_state: str,
           version: object = None) -> datetime:
    """Check the actor, lock the center and re-read it under the lock: it must still be in `status`."""
    if not admin.is_admin:
        raise ListingError(_l("Only administrators decide listings."))
    lock_center(session, center.id)
    session.refresh(center)
    if center.status != status:
        raise ListingError(_l("%(wrong_state)s This one is now: %(label)s.",
                              wrong_state=wrong_state, label=CenterStatus(center.status).label.lower()))
    if version is not None:
        expect_version(center, version)
    return utcnow()


def _note(text: str | None, required: bool = False) -> str:
    text = clean_text(text, 10_000)
    if required and len(text) < REASON_MIN:
        raise ListingError(_l("Write the reason (the listing's managers see it)."), "reason")
    if len(text) > REASON_MAX:
        raise ListingError(_l("Keep the reason to %(reason_max)s characters.", reason_max=REASON_MAX), "reason")
    return text


# --- soft delete ----------------------------------------------------------------------------------------------------

def soft_delete_center(session: Session, actor: User, center: Center, note: str) -> None:
    """Hide a listing from every public page and search; remember its status so a restore puts it back."""
    if center.status == CenterStatus.DELETED:
        raise ListingError(_l("This listing is already deleted."))
    center.status_before_delete, center.status = center.status, CenterStatus.DELETED
    center.deleted_at = utcnow()
    record(session, actor, "center.delete", "center", center.id, note)


def restore_center(session: Session, actor: User, center: Center, note: str) -> None:
    """Bring a deleted listing back with the status it had."""
    if center.status != CenterStatus.DELETED:
        raise ListingError(_l("Only a deleted listing can be restored."))
    center.status = center.status_before_delete or CenterStatus.PUBLISHED
    center.status_before_delete, center.deleted_at = None, None
    record(session, actor, "center.restore", "center", center.id, note)


# --- queues -------------------------------------------------------------------------------------------------------

def deleted_centers(session: Session, page: int = 1) -> Page:
    """Deleted listings, the most recently deleted first, a page at a time up to page DELETED_PAGES."""
    stmt = (select(Center).where(Center.status == CenterStatus.DELETED)
            .order_by(Center.deleted_at.desc(), Center.id.desc()))
    return paginate(session, stmt, page, DELETED_PER_PAGE, max_page=DELETED_PAGES, clamp=True)


def pending_listings(session: Session) -> list[tuple[Center, User | None]]:
    """Listings waiting for review, oldest first, with who submitted them."""
    return [(center, user) for center, user in session.execute(
        select(Center, User).outerjoin(User, User.id == Center.submitted_by_id)
        .where(Center.status == CenterStatus.PENDING).order_by(Center.created_at, Center.id).limit(QUEUE_LIMIT))]


def suspended_listings(session: Session) -> list[Center]:
    return list(session.scalars(select(Center).where(Center.status == CenterStatus.SUSPENDED)
                                .order_by(Center.updated_at.desc()).limit(QUEUE_LIMIT)))
