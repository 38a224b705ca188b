"""Shared column helpers: timestamps in naive UTC and CHECK constraints for string enums."""
import enum
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    """Naive UTC now: the same value on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a human label."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def enum_check(column: str, values: type[enum.StrEnum], name: str | None = None) -> CheckConstraint:
    """CHECK that a string column holds one of an enum's values."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or column)
