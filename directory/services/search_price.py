"""The price sort over many matching centers (without a place, or in a circle over DENSE_CIRCLE): its first
centers found from menu lines read in price order, so no request sorts every center (docs/PERFORMANCE.md, "The
price sort read from menu lines")."""
from datetime import datetime

from sqlalchemy import bindparam, exists, select, tuple_, union_all
from sqlalchemy.orm import Session, aliased

from ..models import Center, CenterService, CenterStatus
from .search_filters import PriceLines, stale_last

PRICE_BATCH = 200  # menu lines read per statement (doubling up to PRICE_BATCH_MAX)
PRICE_BATCH_MAX = 3_200


def cheapest(session: Session, lines: PriceLines, conditions: list, need: int,
             now_utc: datetime) -> list[int] | None:
    """The first `need` matching centers of the price sort, in no particular order; None when the menu lines ran out
    first (centers without a menu come last in the price sort: the caller then sorts them all).

    Menu lines are read in price order (ix_center_services_price, or ix_center_services_service_price per chosen
    type, merged), keeping each center's first line, its lowest price among the types; in a dense circle about
    (all centers / centers in the circle) lines are read per center found, as the rank sorts read their index. A
    center's lowest price depends on the chosen types, so no column can hold it. Many centers share a price (2,000
    of them per price at 1M), so the last price's share is chosen by the sort's tie-breaks in one statement
    instead of reading all its lines here."""
    statement = _price_lines(lines, conditions)
    lowest: dict[int, int] = {}
    after, batch = (-1, 0), PRICE_BATCH
    while True:
        rows = session.execute(statement, {"price": after[0], "line": after[1], "batch": batch}).all()
        for price, _line, center_id in rows:
            if center_id in lowest:
                continue  # a dearer line of a center already found
            lowest[center_id] = price
            if len(lowest) == need:
                below = [center for center, lowest_price in lowest.items() if lowest_price < price]
                return below + _first_at_price(session, lines, conditions, price, need - len(below), now_utc)
        if len(rows) < batch:
            return None
        after, batch = rows[-1][:2], min(batch * 2, PRICE_BATCH_MAX)


def _price_lines(lines: PriceLines, conditions: list):
    """`lines` of matching centers in (price per hour, line id) order after (:price, :line), :batch of them.
    One arm per chosen type, each read in order from its index and limited, merged by the outer ORDER BY."""
    def arm(service_id: int | None):
        line = aliased(CenterService)
        stmt = (select(line.price_per_hour.label("price"), line.id.label("line"), line.center_id)
                .join(Center, Center.id == line.center_id)
                .where(line.price_per_hour >= bindparam("price"),
                       tuple_(line.price_per_hour, line.id) > tuple_(bindparam("price"), bindparam("line")),
                       *PriceLines(low=lines.low, high=lines.high).conditions(line),
                       Center.status == CenterStatus.PUBLISHED, *conditions)
                .order_by(line.price_per_hour, line.id).limit(bindparam("batch")))
        return stmt if service_id is None else stmt.where(line.service_id == service_id)

    if len(lines.service_ids) <= 1:
        return arm(lines.service_ids[0] if lines.service_ids else None)
    merged = union_all(*(select(arm(service_id).subquery()) for service_id in lines.service_ids)).subquery()
    return select(merged).order_by(merged.c.price, merged.c.line).limit(bindparam("batch"))


def _first_at_price(session: Session, lines: PriceLines, conditions: list, price: int, count: int,
                    now_utc: datetime) -> list[int]:
    """The first `count` matching centers whose lowest price (among `lines`) is `price`, by the price sort's
    tie-breaks (fresh first, name, id)."""
    line, cheaper = aliased(CenterService), aliased(CenterService)
    below = [cheaper.center_id == Center.id, cheaper.price_per_hour < price, *lines.conditions(cheaper)]
    at_price = [line.price_per_hour == price]
    if lines.service_ids:
        at_price.append(line.service_id.in_(lines.service_ids))  # an equality after the IN: not SQLite's bug
    stale = stale_last(now_utc)
    stmt = (select(Center.id, stale, Center.name).join(line, line.center_id == Center.id)
            .where(*at_price, ~exists().where(*below), Center.status == CenterStatus.PUBLISHED, *conditions)
            .distinct().order_by(stale, Center.name, Center.id).limit(count))
    return list(session.scalars(stmt))
