"""Cleaning free text that arrives in query strings and forms."""
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None, limit: int) -> str:
    """Drop control characters (PostgreSQL refuses NUL), trim, and cap the length."""
    return _CONTROL.sub("", value or "").strip()[:limit]


def N_(text: str) -> str:
    """Mark an English label for the catalog (`pybabel extract -k N_`) without translating it here: the label stays
    plain English in data and the API, and pages show it in their language with the `tr` filter."""
    return text
