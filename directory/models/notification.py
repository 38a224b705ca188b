"""Mail notifications: the outbox (mail waiting to be sent, written with the event) and members' opt-outs."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class MailKind(LabelledEnum):
    """The kinds of notification a person can stop (each mail names its kind in its stop link)."""

    BOOKING_UPDATES = "booking_updates", "Updates on my booking requests"
    BOOKING_REQUESTS = "booking_requests", "New booking requests at my centers"
    CLAIM_DECISIONS = "claim_decisions", "Decisions on my claims to manage a center"
    NEW_REVIEWS = "new_reviews", "New reviews of my centers"
    REVIEW_REPLIES = "review_replies", "Replies to my reviews"
    CHANGE_REPORTS = "change_reports", "Changes reported on my centers"


class OutboxStatus(LabelledEnum):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after every retry"
    SKIPPED = "skipped", "Not sent (its subject is gone or the recipient stopped this kind)"


class OutboxMail(db.Model):
    """One mail to send, added in the same transaction as the event; the sender renders and delivers it."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        enum_check("status", OutboxStatus),
        enum_check("kind", MailKind),
        Index("ix_mail_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(40))  # which mail: booking_confirmed, claim_approved, ...
    kind: Mapped[str] = mapped_column(String(30))  # the MailKind its stop link stops
    to_address: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(5))  # rendered in it; None: English
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # ids of what the mail is about, and event details
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)  # also the lease while a sender holds it
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class MailOptOut(db.Model):
    """A kind of mail someone stopped: a member by account, a guest (booking customer) by address."""

    __tablename__ = "mail_optouts"
    __table_args__ = (
        enum_check("kind", MailKind),
        CheckConstraint("user_id IS NOT NULL OR email IS NOT NULL", name="who"),
        UniqueConstraint("user_id", "kind"),
        UniqueConstraint("email", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
