"""Therapists and the credentials that back their badges."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import LabelledEnum, enum_check, utcnow


class CredentialKind(LabelledEnum):
    LICENCE = "licence", _l("Licence")
    CERTIFICATION = "certification", _l("Certification")
    DIPLOMA = "diploma", _l("Diploma")
    DEGREE = "degree", _l("Degree")
    ESTABLISHMENT_LICENCE = "establishment_licence", _l("Establishment licence")


class CredentialStatus(LabelledEnum):
    PENDING = "pending", _l("Pending verification")
    VERIFIED = "verified", _l("Verified")
    REJECTED = "rejected", _l("Rejected")
    EXPIRED = "expired", _l("Expired")


class VerificationMethod(LabelledEnum):
    ISSUER_LOOKUP = "issuer_lookup", _l("checked with the issuing body")
    DOCUMENT_REVIEWED = "document_reviewed", _l("document reviewed")
    PHONE_CALL = "phone_call", _l("confirmed by phone with the issuer")


therapist_specialties = Table(
    "therapist_specialties",
    db.metadata,
    Column("therapist_id", ForeignKey("therapists.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Therapist(db.Model):
    """A therapist working at one center."""

    __tablename__ = "therapists"
    __table_args__ = (
        CheckConstraint("years_practice BETWEEN 0 AND 70", name="years_range"),
        CheckConstraint("gender IN ('female', 'male', 'unspecified')", name="gender"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    gender: Mapped[str] = mapped_column(String(12), default="unspecified")
    years_practice: Mapped[int] = mapped_column(default=0)
    bio: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # their own account
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")  # codes: "ur", "en", "sd"

    center: Mapped["Center"] = relationship(back_populates="therapists")  # noqa: F821
    specialties: Mapped[list["Service"]] = relationship(secondary=therapist_specialties)  # noqa: F821
    conditions: Mapped[list["Condition"]] = relationship(  # noqa: F821
        secondary="therapist_conditions", order_by="Condition.name")
    credentials: Mapped[list["Credential"]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="Credential.id")


class Credential(db.Model):
    """A licence, certificate or degree a therapist holds; a badge once an admin has verified it."""

    __tablename__ = "credentials"
    __table_args__ = (
        enum_check("kind", CredentialKind),
        enum_check("status", CredentialStatus),
        CheckConstraint("valid_until IS NULL OR issued_on IS NULL OR valid_until >= issued_on", name="date_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    issuer: Mapped[str] = mapped_column(String(160))
    number: Mapped[str] = mapped_column(String(80), default="")
    issued_on: Mapped[date | None]
    valid_until: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default=CredentialStatus.PENDING, index=True)  # admin queue
    verified_at: Mapped[datetime | None]
    verification_method: Mapped[str | None] = mapped_column(String(30))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]  # when an admin verified or rejected it
    rejection_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    evidence_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    therapist: Mapped[Therapist] = relationship(back_populates="credentials")

    def status_on(self, day: date) -> CredentialStatus:
        """The status a reader sees on `day`: anything but a rejection past its valid-until date is expired."""
        if self.status != CredentialStatus.REJECTED and self.valid_until is not None and self.valid_until < day:
            return CredentialStatus.EXPIRED
        return CredentialStatus(self.status)

    @property
    def kind_label(self) -> str:
        return CredentialKind(self.kind).label

    @property
    def method_label(self) -> str:
        return VerificationMethod(self.verification_method).label if self.verification_method else ""
