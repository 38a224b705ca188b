"""Who runs a center: approved managers, and people asking to (claims)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class ClaimStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for review")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")


class CenterManager(db.Model):
    """A user who may manage a center's listing and speak for it (reply to reviews, issue visit codes)."""

    __tablename__ = "center_managers"
    __table_args__ = (UniqueConstraint("center_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    center: Mapped["Center"] = relationship()  # noqa: F821
    user: Mapped["User"] = relationship()  # noqa: F821


class CenterClaim(db.Model):
    """A request to manage a listing; an admin approves or rejects it."""

    __tablename__ = "center_claims"
    __table_args__ = (enum_check("status", ClaimStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_at_center: Mapped[str] = mapped_column(String(80), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=ClaimStatus.PENDING, index=True)  # admin queue
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str] = mapped_column(String(500), default="")

    center: Mapped["Center"] = relationship()  # noqa: F821
