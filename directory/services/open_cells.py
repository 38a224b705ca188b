"""OpenHoursCell: the hours of the week anything is open in each 0.1-degree cell (per time zone), so "open now" near a
point where nothing is open answers from a few rows instead of reading every center of the circle (50 km around
Karachi at 1M, at 05:00 when nothing there is open: every one of 200,000 index entries, ~95 ms), and elsewhere tests
only the time zones where something may be open.

Kept by services/hours_mask.py: the centers whose masks it refreshes, and centers added, moved or given another time
zone, have their masks ORed into their cell's row in the same transaction (an upsert that only adds bits, so
concurrent writers need no lock). Bits are never cleared there: a stale bit costs a search that reads and finds
nothing, never a center left out. Bulk loads that bypass the ORM, and `flask rebuild-open-cells` (to drop stale
bits), call rebuild_open_cells().
"""
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..geo.distance import bounding_box
from ..models import Center, OpenHoursCell
from ..models.center_index import BANDS_PER_DEGREE, hour_bit, latitude_band
from .hours import local_now

CELLS_PER_DEGREE = 10
BANDS_PER_CELL = BANDS_PER_DEGREE // CELLS_PER_DEGREE  # 20 latitude bands of 0.005 degree make a cell's height
_MASKS = (Center.hours_mask_0, Center.hours_mask_1, Center.hours_mask_2)
_HOURS = ("hours_0", "hours_1", "hours_2")


def cell_of(lat_band: int, longitude: float) -> tuple[int, int]:
    return lat_band // BANDS_PER_CELL, math.floor(longitude * CELLS_PER_DEGREE)


def widen_cells(connection: Connection | Session, center_ids: Iterable[int]) -> None:
    """OR these centers' hours masks into their cells' rows (rows created as needed)."""
    ids = sorted(set(center_ids))
    masks: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for start in range(0, len(ids), 500):
        rows = connection.execute(select(Center.lat_band, Center.longitude, Center.timezone, *_MASKS)
                                  .where(Center.id.in_(ids[start:start + 500])))
        _add(masks, rows)
    _upsert(connection, masks)


def rebuild_open_cells(connection: Connection | Session) -> None:
    """Recompute every cell from the centers table (one pass over it: for bulk loads and repairs, not requests)."""
    connection.execute(delete(OpenHoursCell))
    masks: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = connection.execute(select(Center.lat_band, Center.longitude, Center.timezone, *_MASKS)
                              .where(or_(*(mask != 0 for mask in _MASKS))).execution_options(yield_per=20_000))
    _add(masks, rows)
    _upsert(connection, masks)


def _add(masks: dict[tuple, list[int]], rows) -> None:
    for lat_band, longitude, zone, *hours in rows:
        if any(hours):
            kept = masks[(*cell_of(lat_band, longitude), zone)]
            for column, value in enumerate(hours):
                kept[column] |= value


def _upsert(connection: Connection | Session, masks: dict[tuple, list[int]]) -> None:
    rows = [{"cell_lat": cell_lat, "cell_lng": cell_lng, "timezone": zone, **dict(zip(_HOURS, hours, strict=True))}
            for (cell_lat, cell_lng, zone), hours in sorted(masks.items())]  # one order: no deadlock between writers
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection  # a session, or a connection
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), 500):
        stmt = dialect.insert(OpenHoursCell).values(rows[start:start + 500])
        connection.execute(stmt.on_conflict_do_update(
            index_elements=[OpenHoursCell.cell_lat, OpenHoursCell.cell_lng, OpenHoursCell.timezone],
            set_={name: getattr(OpenHoursCell, name).op("|")(getattr(stmt.excluded, name)) for name in _HOURS}))


def open_zones_near(session: Session, lat: float, lng: float, radius_km: float, now_utc: datetime) -> tuple[str, ...]:
    """The time zones of the cells around the circle that have something open at some minute of the current local
    hour; a center of the circle in any other zone is closed now, and none is when there are none. Reads the rows of
    the cells the circle's box touches (50 km: ~120 cells)."""
    box = bounding_box(lat, lng, radius_km)
    rows = session.execute(select(OpenHoursCell.timezone, *(getattr(OpenHoursCell, name) for name in _HOURS)).where(
        OpenHoursCell.cell_lat.between(latitude_band(box.min_lat) // BANDS_PER_CELL,
                                       latitude_band(box.max_lat) // BANDS_PER_CELL),
        or_(*(OpenHoursCell.cell_lng.between(math.floor(west * CELLS_PER_DEGREE), math.floor(east * CELLS_PER_DEGREE))
              for west, east in box.lng_ranges))))
    hours: dict[str, tuple[int, int]] = {}
    found: set[str] = set()
    for zone, *masks in rows:
        if zone in found:
            continue
        if zone not in hours:
            local = local_now(zone, now_utc)
            hours[zone] = hour_bit(local.weekday() * 24 + local.hour)
        column, bit = hours[zone]
        if masks[column] & bit:
            found.add(zone)
    return tuple(sorted(found))
