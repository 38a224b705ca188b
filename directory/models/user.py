"""Accounts: members who review, owners who manage listings, admins who verify."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class Role(LabelledEnum):
    MEMBER = "member", _l("Member")
    OWNER = "owner", _l("Center owner")
    ADMIN = "admin", _l("Administrator")


class User(UserMixin, db.Model):
    """A person with an account; sample reviewers from the seed data have no password and cannot log in."""

    __tablename__ = "users"
    __table_args__ = (
        enum_check("role", Role),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default=Role.MEMBER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    email_verified_at: Mapped[datetime | None]
    session_version: Mapped[int] = mapped_column(default=1)
    is_sample: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str | None] = mapped_column(String(5))  # "en" or "ur" once chosen; None: not chosen yet

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    def get_id(self) -> str:
        """Session id carries the session version, so bumping it revokes copied cookies."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


Index("uq_users_email_lower", func.lower(User.email), unique=True)
