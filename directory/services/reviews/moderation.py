"""Moderation by admins: the queue of flagged and held reviews, hiding, restoring, dismissing flags; all audited."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from ...models import FlagReason, Review, ReviewFlag, ReviewStatus, User
from ...models.base import utcnow
from ...text import clean_text
from .. import audit
from ..locks import lock_center
from ..notifications.queue import review_published
from .ratings import recompute_rating
from .rules import ReviewError

NOTE_MIN, NOTE_MAX = 3, 500
QUEUE_LIMIT = 100


@dataclass
class FlaggedReview:
    """A review with open flags: how many, for which reasons, and what the flaggers wrote."""

    review: Review
    count: int
    reasons: list[tuple[str, int]]
    notes: list[str] = field(default_factory=list)


def hide_review(session: Session, admin: User, review: Review, note: str, now: datetime | None = None) -> None:
    """Hide a review (soft: the row and its text stay) with a reason; its flags are resolved."""
    note = _note(note, required=True)
    now = _start(session, admin, review, now)
    if review.status not in (ReviewStatus.PUBLISHED, ReviewStatus.HELD):
        raise ReviewError(_l("Only published or held reviews can be hidden."))
    review.status, review.moderation_note, review.updated_at = ReviewStatus.HIDDEN, note, now
    _finish(session, admin, review, "review.hidden", note, now)


def restore_review(session: Session, admin: User, review: Review, note: str = "", now: datetime | None = None) -> None:
    """Publish a hidden or held review again."""
    note = _note(note)
    now = _start(session, admin, review, now)
    if review.status not in (ReviewStatus.HIDDEN, ReviewStatus.HELD):
        raise ReviewError(_l("Only hidden or held reviews can be restored."))
    previous, was_held = review.moderation_note or "", review.status == ReviewStatus.HELD
    review.status, review.moderation_note, review.updated_at = ReviewStatus.PUBLISHED, None, now
    if was_held:  # first published now: the center hears of it (a hidden one coming back is not news)
        review_published(session, review, now=now)
    _finish(session, admin, review, "review.restored", "; ".join(filter(None, [note, f"was: {previous}"
                                                                              if previous else ""])), now)


def dismiss_flags(session: Session, admin: User, review: Review, note: str = "", now: datetime | None = None) -> int:
    """Close a review's open flags without hiding it; returns how many were closed."""
    note = _note(note)
    now = _start(session, admin, review, now)
    closed = _resolve_flags(session, review.id, now)
    audit.record(session, admin, "flags.dismissed", "review", review.id,
                 f"{closed} flag{'s' if closed != 1 else ''}" + (f"; {note}" if note else ""), now=now)
    return closed


def moderation_queue(session: Session) -> tuple[list[FlaggedReview], list[Review]]:
    """Reviews with open flags (most flagged first) and reviews held by the abuse limits (oldest first)."""
    counts = (select(ReviewFlag.review_id, func.count(ReviewFlag.id).label("flags"))
              .where(ReviewFlag.resolved_at.is_(None)).group_by(ReviewFlag.review_id).subquery())
    rows = session.execute(
        select(Review, counts.c.flags).join(counts, counts.c.review_id == Review.id)
        .where(Review.status.in_([ReviewStatus.PUBLISHED, ReviewStatus.HELD]))
        .options(selectinload(Review.center)).order_by(counts.c.flags.desc(), Review.created_at).limit(QUEUE_LIMIT))
    flagged = [FlaggedReview(review, count, []) for review, count in rows]
    open_flags = session.scalars(select(ReviewFlag).where(
        ReviewFlag.review_id.in_([item.review.id for item in flagged]), ReviewFlag.resolved_at.is_(None))
        .order_by(ReviewFlag.created_at))
    by_review: dict[int, list[ReviewFlag]] = {}
    for flag in open_flags:
        by_review.setdefault(flag.review_id, []).append(flag)
    for item in flagged:
        flags = by_review.get(item.review.id, [])
        item.reasons = [(FlagReason(reason).label, n) for reason, n in Counter(f.reason for f in flags).most_common()]
        item.notes = [f.note for f in flags if f.note]
    held = list(session.scalars(select(Review).where(Review.status == ReviewStatus.HELD)
                                .options(selectinload(Review.center)).order_by(Review.created_at).limit(QUEUE_LIMIT)))
    return flagged, held


def recently_hidden(session: Session, limit: int = 20) -> list[Review]:
    """Hidden reviews, latest first, so a moderator can undo a mistake."""
    return list(session.scalars(select(Review).where(Review.status == ReviewStatus.HIDDEN)
                                .options(selectinload(Review.center))
                                .order_by(Review.updated_at.desc()).limit(limit)))


def _note(note: str, required: bool = False) -> str:
    note = clean_text(note, 10_000)
    if required and len(note) < NOTE_MIN:
        raise ReviewError(_l("Write a note saying why (it goes in the audit log)."), "note")
    if len(note) > NOTE_MAX:
        raise ReviewError(_l("Keep the note to %(note_max)s characters.", note_max=NOTE_MAX), "note")
    return note


def _start(session: Session, admin: User, review: Review, now: datetime | None) -> datetime:
    """Check the actor is an admin, lock the review's center and reload the review under the lock."""
    if not admin.is_admin:
        raise ReviewError(_l("Only administrators moderate reviews."))
    lock_center(session, review.center_id)
    session.refresh(review)
    return now or utcnow()


def _finish(session: Session, admin: User, review: Review, action: str, note: str, now: datetime) -> None:
    _resolve_flags(session, review.id, now)
    session.flush()
    recompute_rating(session, review.center_id)
    audit.record(session, admin, action, "review", review.id, note, now=now)


def _resolve_flags(session: Session, review_id: int, now: datetime) -> int:
    result = session.execute(update(ReviewFlag).where(ReviewFlag.review_id == review_id,
                                                      ReviewFlag.resolved_at.is_(None)).values(resolved_at=now)
                             .execution_options(synchronize_session=False))
    return result.rowcount
