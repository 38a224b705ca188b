"""Booking requests (a customer asks, the center confirms) and each center's booking settings."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class BookingStatus(LabelledEnum):
    NEW = "new", _l("Waiting for the center")
    PROPOSED = "proposed", _l("Another time proposed")
    CONFIRMED = "confirmed", _l("Confirmed")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")
    COMPLETED = "completed", _l("Completed")
    NO_SHOW = "no_show", _l("No-show")


class TherapistPreference(LabelledEnum):
    ANY = "any", _l("No preference")
    FEMALE = "female", _l("A woman therapist")
    MALE = "male", _l("A man therapist")


class BookingRequest(db.Model):
    """One request to book a menu item at a center; moved only through services/bookings/machine.py."""

    __tablename__ = "booking_requests"
    __table_args__ = (
        enum_check("status", BookingStatus),
        enum_check("therapist_preference", TherapistPreference, name="therapist_preference"),
        Index("ix_booking_requests_center_status", "center_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the status page's unguessable link
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"))
    menu_item_id: Mapped[int | None] = mapped_column(ForeignKey("center_services.id", ondelete="SET NULL"))
    item_label: Mapped[str] = mapped_column(String(200))  # name, duration and price as requested (menus change)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requested_on: Mapped[date] = mapped_column(Date)
    windows: Mapped[list[str]] = mapped_column(JSON, default=list)  # 1-3 "HH:MM-HH:MM", center's local time
    therapist_preference: Mapped[str] = mapped_column(String(10), default=TherapistPreference.ANY)
    name: Mapped[str] = mapped_column(String(80))
    mobile: Mapped[str] = mapped_column(String(16), index=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default=BookingStatus.NEW)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    chosen_window: Mapped[str | None] = mapped_column(String(11))
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("therapists.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    proposed_at: Mapped[datetime | None]  # local wall-clock time the center offered instead
    review_code: Mapped[str | None] = mapped_column(String(9))  # plain visit code shown only on the status page
    language: Mapped[str | None] = mapped_column(String(5))  # the site's language when sent: a guest's mail
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    center: Mapped["Center"] = relationship()  # noqa: F821
    menu_item: Mapped["CenterService | None"] = relationship()  # noqa: F821
    therapist: Mapped["Therapist | None"] = relationship()  # noqa: F821

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return BookingStatus(self.status).label


class BookingSettings(db.Model):
    """How a center takes requests; a center without a row takes them with the defaults."""

    __tablename__ = "booking_settings"
    __table_args__ = (
        CheckConstraint("min_notice_hours BETWEEN 0 AND 168", name="min_notice_range"),
        CheckConstraint("days_ahead BETWEEN 1 AND 90", name="days_ahead_range"),
    )

    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), primary_key=True)
    takes_requests: Mapped[bool] = mapped_column(default=True, server_default=true())
    min_notice_hours: Mapped[int] = mapped_column(default=2, server_default="2")
    days_ahead: Mapped[int] = mapped_column(default=30, server_default="30")
