"""What each menu line copies for the price sort (services/search_price.py), so it reads lines from its indexes
alone: its own price per hour as a plain column (price_key: SQLite 3.40 reads the table row for a generated column
even where the index holds it), and its center's name (ties read in index order), status, place and confirmation
date (the circle, published and staleness tested on the index entry: a line outside the circle costs no row).

Kept exact by one listener (the app factory calls register_listeners()): after every flush that adds or changes
menu lines or changes a center's copied fields, those centers' lines take them from centers in the same
transaction. Bulk loads that bypass the ORM write the copies themselves (bench/generate.py) or call
refresh_copies().
"""
from sqlalchemy import Connection, event, inspect, update
from sqlalchemy.orm import Session

from ..models import Center, CenterService

COPIED = {"center_name": "name", "center_status": "status", "center_latitude": "latitude",
          "center_longitude": "longitude", "center_confirmed_at": "confirmed_at"}  # menu line column: center column


def refresh_copies(connection: Connection | Session, center_ids: list[int] | None = None) -> None:
    """Copy the center's fields onto its menu lines (all centers' when None), one UPDATE ... FROM."""
    stmt = (update(CenterService).where(CenterService.center_id == Center.id)
            .values({"price_key": CenterService.price_per_hour,
                     **{line: getattr(Center, field) for line, field in COPIED.items()}})
            .execution_options(synchronize_session=False))
    if center_ids is not None:
        stmt = stmt.where(CenterService.center_id.in_(center_ids))
    connection.execute(stmt)


def register_listeners() -> None:
    """Keep the copies in step on every ORM session (once per process, however many apps are built)."""
    for name, listener in (("after_flush", _refresh_after_flush), ("after_flush_postexec", _expire_refreshed)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _copied_changed(center: Center) -> bool:
    attrs = inspect(center).attrs
    return center.id is not None and any(getattr(attrs, field).history.has_changes() for field in COPIED.values())


def _refresh_after_flush(session: Session, _context) -> None:
    """Lines just added or changed, and centers whose copied fields just changed (history is still there)."""
    touched = {line.center_id for line in (*session.new, *session.dirty)
               if isinstance(line, CenterService) and line.center_id is not None}
    touched |= {center.id for center in session.dirty if isinstance(center, Center) and _copied_changed(center)}
    if touched:
        refresh_copies(session.connection(), sorted(touched))
        session.info.setdefault("copies_refreshed", set()).update(touched)


def _expire_refreshed(session: Session, _context) -> None:
    touched = session.info.pop("copies_refreshed", None)
    if touched:
        for line in list(session.identity_map.values()):
            if isinstance(line, CenterService) and line.center_id in touched:
                session.expire(line, ["price_key", *COPIED])
