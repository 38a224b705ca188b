"""The price sort over many matching centers (without a place, or in a circle over DENSE_CIRCLE): read from menu
lines in the sort's own order, so no request sorts every center (docs/PERFORMANCE.md, "The price sort read from
menu lines")."""
from datetime import datetime

from sqlalchemy import bindparam, select, tuple_, union_all
from sqlalchemy.orm import Session, aliased

from ..models import Center, CenterService, CenterStatus
from .search_filters import PriceLines, stale_last

PRICE_BATCH = 200  # menu lines read per statement (doubling up to PRICE_BATCH_MAX)
PRICE_BATCH_MAX = 3_200
START = (-1, "", 0, 0)  # before every (price, center name, center id, line id)
# Made once: aliasing a mapped class copies its columns (building the statement cost 2.1 ms a search with the alias
# made per search, 0.36 now). An alias, so the search's conditions on CenterService (a service filter's EXISTS) stay
# their own; each arm of a UNION is its own scope, so one alias serves them all.
_LINE = aliased(CenterService, name="price_line")


def cheapest(session: Session, lines: PriceLines, conditions: list, need: int, now_utc: datetime,
             budget: int | None = None) -> list[int] | None:
    """The first `need` matching centers of the price sort, in its order (price, then current listings before
    stale ones, then name and id); None when the menu lines ran out first (centers without a menu come last in the
    price sort: the caller then sorts them all), or after reading `budget` lines (the caller sorts them all).

    Menu lines are read in (price per hour, center name, center id) order from ix_center_services_price_name, or
    ix_center_services_service_price_name per chosen type, merged. A center's first line read is its lowest price
    among the types, so later lines of a center found already are skipped. Within one price the current listings
    come first: those read so far are final once `need` is reached, and stale ones wait for the price's end. Many
    centers share a round price (46,881 lines at PKR 3,000 per hour at 1M), so this reads about `need` lines
    divided by the share of current listings, not the whole price; in a dense circle also divided by the circle's
    share of all centers, as the rank sorts read their index."""
    statement = _price_lines(lines, conditions, now_utc)
    found: list[int] = []  # final, in order
    seen: set[int] = set()
    price_now, current, stale = None, [], []  # the price being read: its current and its stale listings so far
    after, batch, read = START, PRICE_BATCH, 0
    while budget is None or read < budget:
        bound = dict(zip(("price", "name", "center", "line"), after, strict=True))
        rows = session.connection().execute(statement, {**bound, "batch": batch}).all()
        read += len(rows)
        for price, _name, center_id, _line, is_stale in rows:
            if center_id in seen:
                continue  # a dearer line of a center found already (or a second line at the same price)
            seen.add(center_id)
            if price != price_now:
                found += current + stale
                if len(found) >= need:
                    return found[:need]
                price_now, current, stale = price, [], []
            (stale if is_stale else current).append(center_id)
            if len(found) + len(current) == need:
                return found + current
        if len(rows) < batch:
            found += current + stale
            return found[:need] if len(found) >= need else None
        after, batch = tuple(rows[-1][:4]), min(batch * 2, PRICE_BATCH_MAX)
    return None


def _price_lines(lines: PriceLines, conditions: list, now_utc: datetime):
    """`lines` of matching centers in (price per hour, center name, center id, line id) order after the bound
    (:price, :name, :center, :line), :batch of them, each with its center's staleness. One arm per chosen type, each
    read in order from its index and limited, merged by the outer ORDER BY."""
    def arm(service_id: int | None):
        line = _LINE
        order = (line.price_per_hour, line.center_name, line.center_id, line.id)
        stmt = (select(line.price_per_hour.label("price"), line.center_name.label("name"),
                       line.center_id.label("center"), line.id.label("line"), stale_last(now_utc).label("stale"))
                .join(Center, Center.id == line.center_id)
                .where(line.price_per_hour >= bindparam("price"),
                       tuple_(*order) > tuple_(bindparam("price"), bindparam("name"), bindparam("center"),
                                               bindparam("line")),
                       *PriceLines(low=lines.low, high=lines.high).conditions(line),
                       Center.status == CenterStatus.PUBLISHED, *conditions)
                .order_by(*order).limit(bindparam("batch")))
        return stmt if service_id is None else stmt.where(line.service_id == service_id)

    if len(lines.service_ids) <= 1:
        return arm(lines.service_ids[0] if lines.service_ids else None)
    merged = union_all(*(select(arm(service_id).subquery()) for service_id in lines.service_ids)).subquery()
    return (select(merged).order_by(merged.c.price, merged.c.name, merged.c.center, merged.c.line)
            .limit(bindparam("batch")))
