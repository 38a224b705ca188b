"""What others do with a review: the center's reply, helpful votes, and flags for moderators."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import FlagReason, HelpfulVote, Review, ReviewFlag, ReviewReply, ReviewStatus, User
from ...models.base import utcnow
from ...text import clean_text
from ..access import has_conflict, manages
from ..notifications.queue import reply_posted
from .rules import ReviewError, normalise_body

REPLY_MAX = 2000
FLAG_NOTE_MAX = 500
ALREADY_FLAGGED = _l("You have already reported this review; a moderator will look at it.")


def save_reply(session: Session, manager: User, review: Review, body: str, now: datetime | None = None) -> ReviewReply:
    """Post or edit the center's one public reply to a review; any manager of the center may."""
    if not manages(session, manager, review.center_id):
        raise ReviewError(_l("Only the center's managers can reply to its reviews."))
    if review.status != ReviewStatus.PUBLISHED:
        raise ReviewError(_l("You can only reply to published reviews."))
    body = normalise_body(body)
    if not body:
        raise ReviewError(_l("Write your reply."), "body")
    if len(body) > REPLY_MAX:
        raise ReviewError(_l("Keep your reply to %(reply_max)s characters.", reply_max=REPLY_MAX), "body")
    now = now or utcnow()
    reply = session.scalar(select(ReviewReply).where(ReviewReply.review_id == review.id))
    if reply is not None:
        reply.body, reply.author_id, reply.updated_at = body, manager.id, now
        session.flush()
        return reply
    reply = ReviewReply(review_id=review.id, author_id=manager.id, body=body, created_at=now, updated_at=now)
    session.add(reply)
    try:
        session.flush()
    except IntegrityError:  # two managers replying at once: one reply per review is a constraint (caller rolls back)
        raise ReviewError(_l("Someone at the center replied at the same time. Reload the page to edit that reply.")) \
            from None
    reply_posted(session, reply, review, now=now)  # a new reply only: edits do not mail the author again
    return reply


def mark_helpful(session: Session, user: User, review: Review) -> bool:
    """Count the member's helpful vote once; False when they had already voted."""
    if review.status != ReviewStatus.PUBLISHED:
        raise ReviewError(_l("This review is not published."))
    if review.author_id == user.id:
        raise ReviewError(_l("You cannot mark your own review as helpful."))
    if user.email_verified_at is None:  # votes rank reviews: throwaway accounts should not move them
        raise ReviewError(_l("Please verify your email address before you vote."))
    if has_conflict(session, user, review.center_id):
        raise ReviewError(_l("You run or work at this center, so you cannot vote on its reviews."))
    if session.get(HelpfulVote, (review.id, user.id)) is not None:
        return False
    # ON CONFLICT DO NOTHING: a double click racing itself counts once, and the transaction goes on either way
    insert = postgresql.insert if session.get_bind(HelpfulVote).dialect.name == "postgresql" else sqlite.insert
    added = session.scalar(insert(HelpfulVote).values(review_id=review.id, user_id=user.id)
                           .on_conflict_do_nothing().returning(HelpfulVote.user_id))
    if added is None:
        return False
    # Recount rather than add one, so the stored count always equals the votes; updated_at is the author's, kept.
    votes = select(func.count()).select_from(HelpfulVote).where(HelpfulVote.review_id == review.id).scalar_subquery()
    session.execute(update(Review).where(Review.id == review.id).values(helpful_count=votes,
                                                                        updated_at=Review.updated_at)
                    .execution_options(synchronize_session=False))
    session.expire(review, ["helpful_count"])
    return True


def has_flagged(session: Session, user: User, review_id: int) -> bool:
    return session.scalar(select(ReviewFlag.id).where(ReviewFlag.review_id == review_id,
                                                      ReviewFlag.user_id == user.id)) is not None


def flag_review(session: Session, user: User, review: Review, reason: str, note: str = "",
                now: datetime | None = None) -> ReviewFlag:
    """Ask moderators to look at a review (once per member); the center's owners may flag its reviews too."""
    if reason not in {member.value for member in FlagReason}:
        raise ReviewError(_l("Choose why you are reporting this review."), "reason")
    note = clean_text(note, 10_000)
    if len(note) > FLAG_NOTE_MAX:
        raise ReviewError(_l("Keep the note to %(flag_note_max)s characters.", flag_note_max=FLAG_NOTE_MAX), "note")
    if review.status != ReviewStatus.PUBLISHED:
        raise ReviewError(_l("This review is not published."))
    if review.author_id == user.id:
        raise ReviewError(_l("You cannot report your own review. You can edit or delete it."))
    if has_flagged(session, user, review.id):
        raise ReviewError(ALREADY_FLAGGED)
    flag = ReviewFlag(review_id=review.id, user_id=user.id, reason=reason, note=note, created_at=now or utcnow())
    session.add(flag)
    try:
        session.flush()
    except IntegrityError:  # the same member flagging twice at once; the caller rolls back
        raise ReviewError(ALREADY_FLAGGED) from None
    return flag
