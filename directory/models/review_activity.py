"""What happens around a review: the owner's reply, helpful votes, flags, and one-time visit codes."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class ReviewReply(db.Model):
    """The center's one public reply to a review; editable by its managers."""

    __tablename__ = "review_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    review: Mapped["Review"] = relationship(back_populates="reply")  # noqa: F821


class HelpfulVote(db.Model):
    """A member found a review helpful (once per member and review)."""

    __tablename__ = "helpful_votes"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagReason(LabelledEnum):
    FAKE = "fake", _l("Looks fake or paid for")
    CONFLICT = "conflict", _l("Written by the owner, staff or a competitor")
    OFFENSIVE = "offensive", _l("Offensive, hateful or harassing")
    PRIVATE = "private", _l("Shares someone's private information")
    OFF_TOPIC = "off_topic", _l("Not about this center")
    OTHER = "other", _l("Something else")


class ReviewFlag(db.Model):
    """A member (or the center) asking moderators to look at a review."""

    __tablename__ = "review_flags"
    __table_args__ = (UniqueConstraint("review_id", "user_id"), enum_check("reason", FlagReason),
                      Index("ix_review_flags_open", "resolved_at", "review_id"))  # open flags: resolved_at IS NULL

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class VisitCode(db.Model):
    """A one-time code a center hands a client after a visit; a review posted with it is a verified visit."""

    __tablename__ = "visit_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
