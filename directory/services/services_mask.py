"""Center.services_mask: one bit per massage type on a center's menu, so the service filter reads only the index;
and Center.lowest_price_key, the menu's lowest price per 60 minutes, so the price sort at night reads its index.

Kept exact by one listener (the app factory calls register_listeners()): after every flush that adds, changes or
removes menu lines, the affected centers' masks and lowest prices are recomputed from center_services in the same
transaction. Bulk loads that bypass the ORM call refresh_masks() or write both themselves (bench/generate.py).
"""
from sqlalchemy import BigInteger, Connection, event, func, literal, select, update
from sqlalchemy.orm import Session

from ..models import Center, CenterService
from ..models.center_index import MASKED_SERVICES, NO_PRICE


def mask_of_menu():
    """Correlated scalar subquery: the OR of the bits of the services on centers.id's menu (sum of distinct bits)."""
    bit = literal(1, BigInteger).op("<<")(CenterService.service_id)
    return (select(func.coalesce(func.sum(bit.distinct()), 0))
            .where(CenterService.center_id == Center.id, CenterService.service_id.between(1, MASKED_SERVICES))
            .scalar_subquery())


def lowest_of_menu():
    """Correlated scalar subquery: the lowest price per 60 minutes on centers.id's menu, NO_PRICE without a line
    (the price sort's key: search_sorts.sort_order)."""
    return (select(func.coalesce(func.min(CenterService.price_per_hour), NO_PRICE))
            .where(CenterService.center_id == Center.id).scalar_subquery())


def refresh_masks(connection: Connection | Session, center_ids: list[int] | None = None) -> None:
    """Recompute the mask and the lowest price of these centers (all centers when None)."""
    stmt = (update(Center).values(services_mask=mask_of_menu(), lowest_price_key=lowest_of_menu())
            .execution_options(synchronize_session=False))
    if center_ids is not None:
        stmt = stmt.where(Center.id.in_(center_ids))
    connection.execute(stmt)


def register_listeners() -> None:
    """Keep masks in step on every ORM session (once per process, however many apps are built)."""
    for name, listener in (("after_flush", _refresh_after_flush), ("after_flush_postexec", _expire_refreshed)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _refresh_after_flush(session: Session, _context) -> None:
    """Menu lines just written (new, changed or deleted: the lists still hold them here, now with ids)."""
    touched = {line.center_id for line in (*session.new, *session.dirty, *session.deleted)
               if isinstance(line, CenterService) and line.center_id is not None}
    if touched:
        refresh_masks(session.connection(), sorted(touched))
        session.info.setdefault("masks_refreshed", set()).update(touched)


def _expire_refreshed(session: Session, _context) -> None:
    touched = session.info.pop("masks_refreshed", None)
    if touched:
        for center in list(session.identity_map.values()):
            if isinstance(center, Center) and center.id in touched:
                session.expire(center, ["services_mask", "lowest_price_key"])
