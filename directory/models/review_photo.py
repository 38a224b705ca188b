"""Photos a member adds to their review (up to four), and reports asking moderators to look at one."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .base import enum_check, utcnow
from .review_activity import FlagReason


class ReviewPhoto(db.Model):
    """A photo in a review: re-encoded, metadata stripped, stored under a random key; it goes with its review."""

    __tablename__ = "review_photos"
    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    file_key: Mapped[str] = mapped_column(String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # selectin: a page of reviews loads all their photos in one more query (at most four each)
    review: Mapped["Review"] = relationship(  # noqa: F821
        backref=backref("photos", lazy="selectin", order_by="(ReviewPhoto.position, ReviewPhoto.id)",
                        cascade="all, delete-orphan", passive_deletes=True))


class ReviewPhotoFlag(db.Model):
    """A member asking moderators to look at one photo of a review (once per member and photo)."""

    __tablename__ = "review_photo_flags"
    __table_args__ = (UniqueConstraint("photo_id", "user_id"), enum_check("reason", FlagReason))

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("review_photos.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    photo: Mapped[ReviewPhoto] = relationship()
