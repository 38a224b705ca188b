"""The conditions catalog (sciatica, neck tension...): who it affects, suited massage types, when to see a doctor."""
from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

therapist_conditions = Table(
    "therapist_conditions",
    db.metadata,
    Column("therapist_id", ForeignKey("therapists.id", ondelete="CASCADE"), primary_key=True),
    Column("condition_id", ForeignKey("conditions.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Condition(db.Model):
    """A need people search by; synonyms hold {"en": [...], "roman_ur": [...], "ur": [...]}."""

    __tablename__ = "conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_ur: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    synonyms: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    tell_therapist: Mapped[list[str]] = mapped_column(JSON, default=list)
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    wait_if: Mapped[list[str]] = mapped_column(JSON, default=list)

    services: Mapped[list["ConditionService"]] = relationship(
        back_populates="condition", cascade="all, delete-orphan", order_by="ConditionService.rank")

    def __repr__(self) -> str:
        return f"<Condition {self.slug}>"


class ConditionService(db.Model):
    """A massage type suited to a condition: its rank (1 = best first) and a one-line why."""

    __tablename__ = "condition_services"
    __table_args__ = (UniqueConstraint("condition_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("conditions.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(default=1)
    why: Mapped[str] = mapped_column(String(300), default="")

    condition: Mapped[Condition] = relationship(back_populates="services")
    service: Mapped["Service"] = relationship()  # noqa: F821
