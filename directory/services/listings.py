"""Listing lifecycle actions admins take: soft delete and restore (the rows, menus and reviews always stay)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus, User
from ..models.base import utcnow
from .audit import record


class ListingError(ValueError):
    """An action that does not apply to this listing."""


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


def deleted_centers(session: Session) -> list[Center]:
    return list(session.scalars(select(Center).where(Center.status == CenterStatus.DELETED)
                                .order_by(Center.deleted_at.desc())))
