"""What keeps a listing current: photos, special closures, change reports, uploaded evidence, weekly insights."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class CenterPhoto(db.Model):
    """A photo of a center: re-encoded, metadata stripped, stored with a thumbnail under a random key."""

    __tablename__ = "center_photos"
    __table_args__ = (CheckConstraint("width > 0 AND height > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    file_key: Mapped[str] = mapped_column(String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    caption: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvidenceFile(db.Model):
    """A private document (licence scan, certificate) behind a claim or a credential; admins and its uploader see it."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_key: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(60))
    original_name: Mapped[str] = mapped_column(String(200), default="")
    size_bytes: Mapped[int]
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpecialClosure(db.Model):
    """Dates a center is closed outside its weekly hours (holidays, renovation), both ends included."""

    __tablename__ = "special_closures"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="date_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: a closure moved to another center still names its old one (services/hours_mask.py)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True,
                                           active_history=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(120), default="")


class ChangeKind(LabelledEnum):
    PHONE = "phone", _l("Wrong phone or WhatsApp number")
    CLOSED = "closed", _l("Closed permanently")
    MOVED = "moved", _l("Moved or wrong address / map pin")
    HOURS = "hours", _l("Opening hours are wrong")
    PRICES = "prices", _l("Prices or services changed")
    OTHER = "other", _l("Something else")


class ReportStatus(LabelledEnum):
    OPEN = "open", _l("Open")
    ACCEPTED = "accepted", _l("Accepted")
    DISMISSED = "dismissed", _l("Dismissed")


class ChangeReport(db.Model):
    """A visitor's suggested correction; the center's managers (or admins, for unclaimed listings) decide."""

    __tablename__ = "change_reports"
    __table_args__ = (enum_check("kind", ChangeKind), enum_check("status", ReportStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    details: Mapped[str] = mapped_column(Text, default="")
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reporter_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.OPEN, index=True)  # admin queue
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(String(500), default="")

    center: Mapped["Center"] = relationship()  # noqa: F821


class CenterWeeklyStats(db.Model):
    """Counts an owner sees on the dashboard, one row per center and ISO week (Monday date)."""

    __tablename__ = "center_weekly_stats"
    __table_args__ = (CheckConstraint("page_views >= 0 AND search_appearances >= 0 AND contact_clicks >= 0",
                                      name="counts_positive"),)

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    page_views: Mapped[int] = mapped_column(Integer, default=0)
    search_appearances: Mapped[int] = mapped_column(Integer, default=0)
    contact_clicks: Mapped[int] = mapped_column(Integer, default=0)
