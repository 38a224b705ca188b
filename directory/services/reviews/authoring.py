"""Posting, editing and deleting reviews: who may, the abuse limits, and exact rating aggregates."""
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import Center, CenterStatus, HelpfulVote, Review, ReviewFlag, ReviewStatus, User
from ...models.base import utcnow
from ...text import N_
from ..access import has_conflict, manages
from ..locks import lock_center
from ..notifications.queue import review_published
from .ratings import recompute_rating
from .rules import ReviewError, ReviewLimits, check_review
from .visit_codes import find_code, spend_code

ALREADY_REVIEWED = _l("You have already reviewed this center. You can edit your review instead.")
UNVERIFIED = _l("Please verify your email address before you post a review: use the link we emailed you.")
COPIED = N_("Held: the same text was already posted about another center.")
EDITABLE = (ReviewStatus.PUBLISHED, ReviewStatus.HELD)


def review_blocker(session: Session, user: User, center: Center) -> str | None:
    """Why this member may not review this center at all (unverified email, or a conflict of interest), or None."""
    if user.email_verified_at is None:
        return UNVERIFIED
    if has_conflict(session, user, center.id):
        if manages(session, user, center.id):
            return _l("You manage this center, so you cannot review it. You can reply to its reviews instead.")
        return _l("You work at this center or have asked to manage it, so you cannot review it: "
                  "reviews by owners and staff mislead customers.")
    return None


def own_review(session: Session, user: User, center_id: int) -> Review | None:
    """The member's review of this center that still exists (not deleted), whatever its status."""
    return session.scalar(select(Review).where(Review.center_id == center_id, Review.author_id == user.id,
                                               Review.status != ReviewStatus.DELETED))


def post_review(session: Session, author: User, center: Center, data: Mapping[str, Any],
                visit_code: str | None = None, now: datetime | None = None,
                limits: ReviewLimits | None = None) -> Review:
    """Add the member's review of a published center: published, or held when an abuse limit says so."""
    now, limits = now or utcnow(), limits or ReviewLimits()
    if center.status != CenterStatus.PUBLISHED:
        raise ReviewError(_l("This center is not open for reviews."))
    blocker = review_blocker(session, author, center)
    if blocker:
        raise ReviewError(blocker)
    values = check_review(session, center, data, now.date())
    code = find_code(session, center.id, visit_code, now) if (visit_code or "").strip() else None

    lock_center(session, center.id)
    existing = session.scalar(select(Review).where(Review.center_id == center.id, Review.author_id == author.id))
    if existing is not None and existing.status != ReviewStatus.DELETED:
        raise ReviewError(ALREADY_REVIEWED)
    if _posted_since(session, author.id, now - timedelta(hours=24)) >= limits.per_day:
        raise ReviewError(_l("You can post %(per_day)s reviews a day. Please come back tomorrow.",
                             per_day=limits.per_day))
    hold = _hold_reason(session, center.id, values["body"], now, limits)

    review = existing or Review(center_id=center.id, author_id=author.id)
    if existing is not None:  # the unique constraint allows one row per member and center: a deleted one is reused
        _forget_previous(session, existing, now)
    _write_new(session, review, values, hold, verified_visit=code is not None, now=now)
    if code is not None:
        spend_code(session, code, review.id, now)
    recompute_rating(session, center.id)
    if review.status == ReviewStatus.PUBLISHED:  # a held review is mailed when an admin releases it
        review_published(session, review, now=now)
    return review


def edit_review(session: Session, author: User, review: Review, data: Mapping[str, Any],
                now: datetime | None = None) -> Review:
    """Change the author's own review and mark it edited; ratings are recounted."""
    now = now or utcnow()
    _check_author(author, review)
    values = check_review(session, review.center, data, now.date())
    lock_center(session, review.center_id)
    session.refresh(review)  # a moderator may have hidden it since it was loaded
    if review.status not in EDITABLE:
        raise ReviewError(_not_editable(review))
    if all(getattr(review, name) == value for name, value in values.items()):
        return review
    text_changed = (review.body, review.title) != (values["body"], values["title"])
    for name, value in values.items():
        setattr(review, name, value)
    review.edited_at = review.updated_at = now
    if text_changed and review.status == ReviewStatus.PUBLISHED and _copied_elsewhere(session, review.center_id,
                                                                                      review.body):
        review.status, review.moderation_note = ReviewStatus.HELD, COPIED
    session.flush()
    recompute_rating(session, review.center_id)
    return review


def delete_review(session: Session, author: User, review: Review, now: datetime | None = None) -> None:
    """Soft-delete the author's own review: it leaves every page and the rating, and the row stays."""
    _check_author(author, review)
    lock_center(session, review.center_id)
    session.refresh(review)
    if review.status == ReviewStatus.DELETED:
        return
    if review.status == ReviewStatus.HIDDEN:  # else delete-and-repost would undo a moderator's decision
        raise ReviewError(_l("A moderator hid this review, so it cannot be deleted. Contact us if you want it "
                             "removed."))
    review.status = ReviewStatus.DELETED
    review.updated_at = now or utcnow()
    session.flush()
    recompute_rating(session, review.center_id)


def _write_new(session: Session, review: Review, values: dict[str, Any], hold: str | None, *, verified_visit: bool,
               now: datetime) -> None:
    """Fill a new (or reused) review row and flush it; a concurrent duplicate becomes ALREADY_REVIEWED."""
    for name, value in values.items():
        setattr(review, name, value)
    review.status = ReviewStatus.HELD if hold else ReviewStatus.PUBLISHED
    review.moderation_note = hold
    review.created_at = review.updated_at = now
    review.edited_at = None
    review.verified_visit = verified_visit
    review.helpful_count = 0
    session.add(review)
    try:
        session.flush()
    except IntegrityError as error:  # the same member posting twice at once: the constraint picked a winner
        # No savepoint: on SQLite, releasing one opened before any write commits it. The failed flush leaves the
        # transaction for the caller to roll back (perform does), as it must on any ReviewError anyway.
        if "unique" not in str(error.orig).lower():
            raise
        raise ReviewError(ALREADY_REVIEWED) from None


def _check_author(user: User, review: Review) -> None:
    if review.author_id != user.id:
        raise ReviewError(_l("Only its author can change a review."))


def _not_editable(review: Review) -> str:
    if review.status == ReviewStatus.HIDDEN:
        return _l("A moderator hid this review, so it can no longer be edited.")
    return _l("This review was deleted.")


def _posted_since(session: Session, author_id: int, since: datetime) -> int:
    return session.scalar(select(func.count(Review.id)).where(Review.author_id == author_id,
                                                              Review.created_at >= since)) or 0


def _hold_reason(session: Session, center_id: int, body: str, now: datetime, limits: ReviewLimits) -> str | None:
    """Why a new review waits for a moderator, or None to publish it."""
    since = now - timedelta(minutes=limits.burst_minutes)
    recent = session.scalar(select(func.count(Review.id)).where(Review.center_id == center_id,
                                                                Review.created_at >= since)) or 0
    if recent >= limits.burst_count:
        return f"Held: {recent} new reviews of this center within {limits.burst_minutes} minutes."
    if _copied_elsewhere(session, center_id, body):
        return COPIED
    return None


def _copied_elsewhere(session: Session, center_id: int, body: str) -> bool:
    """True when another center has a review with the same text (bodies are stored normalised; case ignored)."""
    return bool(session.scalar(select(Review.id).where(
        Review.center_id != center_id, Review.status != ReviewStatus.DELETED,
        func.length(Review.body) == len(body), func.lower(Review.body) == func.lower(body)).limit(1)))


def _forget_previous(session: Session, review: Review, now: datetime) -> None:
    """A reposted review starts fresh: votes were for the deleted text; open flags are closed.

    The owner's reply stays (nothing anyone wrote is lost by someone else's action); the owner can edit it.
    """
    session.execute(delete(HelpfulVote).where(HelpfulVote.review_id == review.id))
    session.execute(update(ReviewFlag).where(ReviewFlag.review_id == review.id, ReviewFlag.resolved_at.is_(None))
                    .values(resolved_at=now))
    session.expire(review, ["reply"])
