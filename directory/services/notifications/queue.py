"""Events that mail someone: each adds outbox rows in the caller's transaction (so a rolled-back action sends
nothing and a committed one loses nothing) and never sends. Who gets what is decided here."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import (
    BookingRequest,
    CenterClaim,
    CenterManager,
    ChangeReport,
    MailKind,
    OutboxMail,
    OutboxStatus,
    Review,
    ReviewReply,
    User,
)
from ...models.base import utcnow
from .preferences import stopped_kinds

QUEUED = "mail_queued"  # session.info flag: the web layer sends soon after the response when it is set
MANAGERS_MAX = 20  # managers mailed about one center's event (bounded)
# The customer's mail for each booking action (no mail for a no-show: the center already knows).
BOOKING_TEMPLATES = {"requested": "booking_sent", "confirm": "booking_confirmed", "accept": "booking_confirmed",
                     "decline": "booking_declined", "propose": "booking_proposed", "cancel": "booking_cancelled",
                     "complete": "review_invitation"}


def queue_mail(session: Session, template: str, kind: str, to: str | None, payload: dict,
               user: User | None = None, language: str | None = None, now: datetime | None = None) -> OutboxMail | None:
    """Add one mail to the outbox unless the recipient stopped this kind (or is a sample account, or has no
    address); flags the session so the web layer flushes the outbox after the response."""
    if not to or (user is not None and user.is_sample):
        return None
    if kind in stopped_kinds(session, user_id=user.id if user else None, email=None if user else to):
        return None
    now = now or utcnow()
    row = OutboxMail(template=template, kind=kind, to_address=to.strip().lower(), user_id=user.id if user else None,
                     language=language, payload=payload, status=OutboxStatus.QUEUED, attempts=0, last_error="",
                     next_attempt_at=now, created_at=now)
    session.add(row)
    session.info[QUEUED] = True
    return row


def _managers(session: Session, center_id: int) -> list[User]:
    """The center's managers with a confirmed address (mail goes only to proven mailboxes)."""
    return list(session.scalars(
        select(User).join(CenterManager, CenterManager.user_id == User.id)
        .where(CenterManager.center_id == center_id, User.email_verified_at.is_not(None))
        .order_by(User.id).limit(MANAGERS_MAX)))


def _to_managers(session: Session, center_id: int, template: str, kind: str, payload: dict,
                 now: datetime | None) -> None:
    for manager in _managers(session, center_id):
        queue_mail(session, template, kind, manager.email, payload, user=manager, language=manager.language, now=now)


def booking_event(session: Session, booking: BookingRequest, action: str, now: datetime | None = None,
                  was: str | None = None) -> None:
    """Mail the customer about their request (when they gave an address or are a member); a member's new request
    also goes to the center's managers (a guest's reaches the center through their own WhatsApp message), and so
    does the customer's answer to the center (accepting its time, cancelling what it confirmed or proposed)."""
    template = BOOKING_TEMPLATES.get(action)
    payload = {"booking_id": booking.id}
    member = session.get(User, booking.member_id) if booking.member_id else None
    if template is not None:
        to = booking.email or (member.email if member is not None and member.email_verified_at else None)
        language = member.language if member is not None else booking.language
        queue_mail(session, template, MailKind.BOOKING_UPDATES, to, payload, user=member, language=language, now=now)
    if action == "requested" and member is not None:
        _to_managers(session, booking.center_id, "booking_new", MailKind.BOOKING_REQUESTS, payload, now)
    if action == "accept" or (action == "cancel" and (member is not None or was != "new")):
        _to_managers(session, booking.center_id, "booking_customer_" + action, MailKind.BOOKING_REQUESTS,
                     payload, now)


def claim_decided(session: Session, claim: CenterClaim, now: datetime | None = None) -> None:
    claimant = session.get(User, claim.user_id)
    if claimant is not None:
        queue_mail(session, f"claim_{claim.status}", MailKind.CLAIM_DECISIONS, claimant.email,
                   {"claim_id": claim.id}, user=claimant, language=claimant.language, now=now)


def review_published(session: Session, review: Review, now: datetime | None = None) -> None:
    """A new published review: its center's managers hear of it (held reviews wait for moderation)."""
    _to_managers(session, review.center_id, "review_new", MailKind.NEW_REVIEWS, {"review_id": review.id}, now)


def reply_posted(session: Session, reply: ReviewReply, review: Review, now: datetime | None = None) -> None:
    author = session.get(User, review.author_id)
    if author is not None:
        queue_mail(session, "reply_new", MailKind.REVIEW_REPLIES, author.email, {"review_id": review.id},
                   user=author, language=author.language, now=now)


def change_reported(session: Session, report: ChangeReport, now: datetime | None = None) -> None:
    _to_managers(session, report.center_id, "report_new", MailKind.CHANGE_REPORTS, {"report_id": report.id}, now)
