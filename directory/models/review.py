"""Reviews members write about centers."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..text import N_
from .base import LabelledEnum, enum_check, utcnow


class ReviewStatus(LabelledEnum):
    PUBLISHED = "published", _l("Published")
    HELD = "held", _l("Held for moderation")
    HIDDEN = "hidden", _l("Hidden by a moderator")
    DELETED = "deleted", _l("Deleted by its author")


SUB_RATINGS = {
    "skill": N_("Therapist skill"), "pressure": N_("Pressure respected"), "cleanliness": N_("Cleanliness"),
    "privacy": N_("Privacy"), "value": N_("Value for money"),
}


class Review(db.Model):
    """One member's review of one center; only published reviews count towards its rating."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        UniqueConstraint("center_id", "author_id"),
        enum_check("status", ReviewStatus),
        *(CheckConstraint(f"{name} IS NULL OR {name} BETWEEN 1 AND 5", name=f"{name}_range") for name in SUB_RATINGS),
        Index("ix_reviews_center_status_created", "center_id", "status", "created_at"),
        Index("ix_reviews_therapist_status_created", "therapist_id", "status", "created_at"),
        Index("ix_reviews_status_created", "status", "created_at"),  # the held queue, oldest first
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    title: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=ReviewStatus.PUBLISHED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    edited_at: Mapped[datetime | None]
    menu_item_id: Mapped[int | None] = mapped_column(ForeignKey("center_services.id", ondelete="SET NULL"))
    visit_month: Mapped[date | None]
    skill: Mapped[int | None]
    pressure: Mapped[int | None]
    cleanliness: Mapped[int | None]
    privacy: Mapped[int | None]
    value: Mapped[int | None]
    verified_visit: Mapped[bool] = mapped_column(default=False, server_default=false())
    helpful_count: Mapped[int] = mapped_column(default=0, server_default="0")
    moderation_note: Mapped[str | None] = mapped_column(String(500))
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("therapists.id", ondelete="SET NULL"))  # who treated

    center: Mapped["Center"] = relationship()  # noqa: F821
    author: Mapped["User"] = relationship(lazy="joined")  # noqa: F821
    menu_item: Mapped["CenterService | None"] = relationship()  # noqa: F821
    therapist: Mapped["Therapist | None"] = relationship()  # noqa: F821
    reply: Mapped["ReviewReply | None"] = relationship(back_populates="review", uselist=False)  # noqa: F821

    @property
    def sub_ratings(self) -> list[tuple[str, int]]:
        """The optional sub-ratings the author gave, labelled."""
        return [(label, getattr(self, name)) for name, label in SUB_RATINGS.items() if getattr(self, name)]

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]
