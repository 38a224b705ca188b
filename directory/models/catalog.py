"""The massage-type catalog shown in the guide and used to tag menus."""
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Service(db.Model):
    """One massage type (Swedish, Deep Tissue...): what it is, what it helps, when to be careful."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    pressure: Mapped[str] = mapped_column(String(40), default="")
    best_for: Mapped[list[str]] = mapped_column(JSON, default=list)
    cautions: Mapped[list[str]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<Service {self.slug}>"
