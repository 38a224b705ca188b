"""The audit log: one row per moderation or admin action, added and never changed."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import AuditEntry, User
from ..models.base import utcnow
from .pagination import Page, paginate

NOTE_MAX = 1000


def record(session: Session, actor: User | None, action: str, subject_type: str, subject_id: int, note: str = "",
           now: datetime | None = None) -> AuditEntry:
    """Add an audit entry in the caller's transaction, so it commits (or rolls back) with the action itself."""
    entry = AuditEntry(actor_id=actor.id if actor is not None else None, action=action, subject_type=subject_type,
                       subject_id=subject_id, note=(note or "")[:NOTE_MAX], created_at=now or utcnow())
    session.add(entry)
    return entry


AUDIT_PAGES = 100  # the newest 5,000 entries: an offset and a count stay bounded however long the log grows


def latest_entries(session: Session, page: int = 1, per_page: int = 50) -> Page:
    """Newest entries first, with who did them, up to page AUDIT_PAGES."""
    stmt = (select(AuditEntry).options(joinedload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    return paginate(session, stmt, page, per_page, max_page=AUDIT_PAGES, clamp=True)
