"""Concurrent edits: every save of a listing carries the version the editor saw; a stale save is refused, not merged.

Center.version is SQLAlchemy's version counter: each flush that changes the center row bumps it and adds
`WHERE version = <version loaded>` to the UPDATE, so a save racing another between load and commit fails too.
Edits to child rows (menu, hours, photos, therapists) call `touch()` so they count as a change of the listing.
Each editing service takes the version the editor submitted and calls `expect_version` first; the web layer's
`perform` turns the UPDATE's StaleDataError at commit into the same StaleEdit.
"""
from flask_babel import lazy_gettext as _l

from ...models import Center
from ...models.base import utcnow
from ..errors import ServiceError

STALE_MESSAGE = _l("Someone else saved changes to this listing after you opened this form. Nothing was saved: "
                   "the form now shows the current details; make your change again.")


class StaleEdit(ServiceError):
    """The listing changed since the editor loaded it."""

    status = 409

    def __init__(self, message: str = STALE_MESSAGE, field: str | None = None):
        super().__init__(message, field)


def expect_version(center: Center, submitted: object) -> None:
    """Refuse a save made from a form showing another version of the listing (a missing or garbled value too)."""
    try:
        seen = int(str(submitted))
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if seen != center.version:
        raise StaleEdit()


def touch(center: Center) -> None:
    """Mark the listing changed (bumps its version on flush) when only its child rows changed."""
    center.updated_at = utcnow()

