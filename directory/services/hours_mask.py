"""Center.hours_mask_0..2 and hours_full_0..2: the hours of the week a center is open at some minute of, and all of
(models.center.hours_masks).

"Open now" reads the bit of the current local hour from the spatial index: no bit in hours_mask, closed; a bit in
hours_full, open; only in the hours it opens or closes (and for centers with special closures, whose hours_full is
0) does the exact test read its hours. The masks are in local time, so a change of time zone leaves them as they are
(the search tests each time zone's own hour).

Kept exact by one listener (the app factory calls register_listeners()): after every flush that adds, changes or
removes opening hours or special closures, the affected centers' masks are recomputed in the same transaction. Bulk
loads that bypass the ORM call refresh_hours_masks() (or compute hours_masks() themselves, as bench/generate.py does,
and then rebuild_open_cells()). Each refresh also widens the centers' OpenHoursCell rows (services/open_cells.py), as
does a center added, moved or given another time zone.
"""
from collections import defaultdict

from sqlalchemy import Connection, bindparam, event, inspect, select, update
from sqlalchemy.orm import Session

from ..models import Center, OpeningHours, SpecialClosure
from ..models.center_index import hours_masks
from .open_cells import widen_cells

MASK_COLUMNS = ("hours_mask_0", "hours_mask_1", "hours_mask_2", "hours_full_0", "hours_full_1", "hours_full_2")
_UPDATE = (update(Center.__table__).where(Center.__table__.c.id == bindparam("center_id"))
           .values({column: bindparam(f"new_{column}") for column in MASK_COLUMNS}))


def refresh_hours_masks(connection: Connection | Session, center_ids: list[int]) -> None:
    """Recompute the masks of these centers from their opening hours (a center without hours gets 0: never open)."""
    spans: dict[int, list] = defaultdict(list)
    closed: set[int] = set()
    for start in range(0, len(center_ids), 500):
        chunk = center_ids[start:start + 500]
        rows = connection.execute(select(OpeningHours.center_id, OpeningHours.weekday, OpeningHours.opens_at,
                                         OpeningHours.closes_at).where(OpeningHours.center_id.in_(chunk)))
        for owner, weekday, opens, closes in rows:
            spans[owner].append((weekday, opens, closes))
        closed.update(connection.scalars(select(SpecialClosure.center_id).where(
            SpecialClosure.center_id.in_(chunk)).distinct()))
    parameters = []
    for center_id in center_ids:
        masks = hours_masks(spans.get(center_id, ()), closures=center_id in closed)
        parameters.append({"center_id": center_id,
                           **{f"new_{column}": mask for column, mask in zip(MASK_COLUMNS, masks, strict=True)}})
    if parameters:
        connection.execute(_UPDATE, parameters)
        widen_cells(connection, center_ids)


def register_listeners() -> None:
    """Keep masks in step on every ORM session (once per process, however many apps are built)."""
    for name, listener in (("after_flush", _refresh_after_flush), ("after_flush_postexec", _expire_refreshed)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _refresh_after_flush(session: Session, _context) -> None:
    """Opening hours or special closures just written (new, changed, moved to another center or deleted)."""
    touched = set()
    for span in (*session.new, *session.dirty, *session.deleted):
        if isinstance(span, OpeningHours | SpecialClosure):
            touched.add(span.center_id)
            touched.update(inspect(span).attrs.center_id.history.deleted or ())
    touched.discard(None)
    if touched:
        refresh_hours_masks(session.connection(), sorted(touched))
        session.info.setdefault("hours_masks_refreshed", set()).update(touched)
    placed = [center.id for center in session.new if isinstance(center, Center)]
    placed += [center.id for center in session.dirty if isinstance(center, Center) and _moved(center)]
    placed = [center_id for center_id in placed if center_id not in touched]
    if placed:  # their masks go to the cell (and time zone) each is in now
        widen_cells(session.connection(), placed)


def _moved(center: Center) -> bool:
    """Given another place, time zone or masks in this flush."""
    attrs = inspect(center).attrs
    return any(attrs[key].history.has_changes() for key in ("lat_band", "longitude", "timezone", *MASK_COLUMNS[:3]))


def _expire_refreshed(session: Session, _context) -> None:
    touched = session.info.pop("hours_masks_refreshed", None)
    if touched:
        for center in list(session.identity_map.values()):
            if isinstance(center, Center) and center.id in touched:
                session.expire(center, list(MASK_COLUMNS))
