"""CenterService.center_name: each menu line carries its center's name, so the price sort reads its ties (equal
prices, by name) in index order (services/search_price.py).

Kept exact by one listener (the app factory calls register_listeners()): after every flush that adds or changes
menu lines or renames a center, those centers' lines take the name from centers in the same transaction. Bulk loads
that bypass the ORM write the name themselves (bench/generate.py) or call refresh_names().
"""
from sqlalchemy import Connection, event, inspect, select, update
from sqlalchemy.orm import Session

from ..models import Center, CenterService


def refresh_names(connection: Connection | Session, center_ids: list[int] | None = None) -> None:
    """Copy the center's name onto its menu lines (all centers' when None)."""
    name = select(Center.name).where(Center.id == CenterService.center_id).scalar_subquery()
    stmt = update(CenterService).values(center_name=name).execution_options(synchronize_session=False)
    if center_ids is not None:
        stmt = stmt.where(CenterService.center_id.in_(center_ids))
    connection.execute(stmt)


def register_listeners() -> None:
    """Keep the names in step on every ORM session (once per process, however many apps are built)."""
    for name, listener in (("after_flush", _refresh_after_flush), ("after_flush_postexec", _expire_refreshed)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _renamed(center: Center) -> bool:
    return center.id is not None and inspect(center).attrs.name.history.has_changes()


def _refresh_after_flush(session: Session, _context) -> None:
    """Lines just added or changed, and centers just renamed (history is still there in after_flush)."""
    touched = {line.center_id for line in (*session.new, *session.dirty)
               if isinstance(line, CenterService) and line.center_id is not None}
    touched |= {center.id for center in session.dirty if isinstance(center, Center) and _renamed(center)}
    if touched:
        refresh_names(session.connection(), sorted(touched))
        session.info.setdefault("names_refreshed", set()).update(touched)


def _expire_refreshed(session: Session, _context) -> None:
    touched = session.info.pop("names_refreshed", None)
    if touched:
        for line in list(session.identity_map.values()):
            if isinstance(line, CenterService) and line.center_id in touched:
                session.expire(line, ["center_name"])
