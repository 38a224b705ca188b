"""The price sort over many matching centers (without a place, or in a circle over DENSE_CIRCLE): read from menu
lines in the sort's own order, so no request sorts every center (docs/PERFORMANCE.md, "The price sort read from
menu lines")."""
import functools
import math
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, Float, Select, and_, bindparam, case, func, or_, select, tuple_, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import visitors

from ..geo.distance import bounding_box, km_to_h
from ..geo.nearby import haversine_h_sql
from ..models import Center, CenterService, CenterStatus
from .search_filters import PriceLines, stale_cutoff

PRICE_BATCH = 200  # menu lines the first statement reads; the next ones by need, from a quarter of it to the max
PRICE_BATCH_MAX = 3_200
START = (-1, "", 0, 0)  # before every (price, center name, center id, line id)
# Made once: aliasing a mapped class copies its columns (building the statement cost 2.1 ms a search with the alias
# made per search, 0.36 now). An alias, so the search's conditions on CenterService (a service filter's EXISTS) stay
# their own; each arm of a UNION is its own scope, so one alias serves them all.
_LINE = aliased(CenterService, name="price_line")


class Circle(NamedTuple):
    latitude: float
    longitude: float
    radius_km: float

    def params(self) -> dict:
        """The bind parameters of holds_line(): the circle's box (its second longitude range repeats the first
        unless the box crosses the antimeridian) and haversine terms."""
        box = bounding_box(self.latitude, self.longitude, self.radius_km)
        (west, east), (west_2, east_2) = box.lng_ranges[0], box.lng_ranges[-1]
        return {"min_lat": box.min_lat, "max_lat": box.max_lat, "west": west, "east": east, "west_2": west_2,
                "east_2": east_2, "lat": self.latitude, "lng": self.longitude,
                "cos_lat": math.cos(math.radians(self.latitude)), "max_h": km_to_h(self.radius_km)}

    @staticmethod
    def holds_line(line) -> ColumnElement[bool]:
        """The circle tested on a menu line's copy of its center's place (read from the index entry): its box
        first, cheaper than the haversine term (a 50 km circle's lines 8.2 -> 5.2 ms at 100k)."""
        def number(name: str):
            return bindparam(name, type_=Float)
        latitude, longitude = line.center_latitude, line.center_longitude
        inside = haversine_h_sql(number("lat"), number("lng"), number("cos_lat"), point=(latitude, longitude))
        return and_(latitude.between(number("min_lat"), number("max_lat")),
                    or_(longitude.between(number("west"), number("east")),
                        longitude.between(number("west_2"), number("east_2"))),
                    inside <= number("max_h"))


def cheapest(session: Session, lines: PriceLines, conditions: list, need: int, now_utc: datetime,
             budget: int | None = None, circle: Circle | None = None) -> list[int] | None:
    """The first `need` matching centers of the price sort, in its order (price, then current listings before
    stale ones, then name and id); None when the menu lines ran out first (centers without a menu come last in the
    price sort: the caller then sorts them all), or after reading `budget` lines (the caller sorts them all).

    Menu lines are read in (price per hour, center name, center id) order from ix_center_services_price_name, or
    ix_center_services_service_price_name per chosen type, merged. A center's first line read is its lowest price
    among the types, so later lines of a center found already are skipped. Within one price the current listings
    come first: those read so far are final once `need` is reached, and stale ones wait for the price's end. Many
    centers share a round price (46,881 lines at PKR 3,000 per hour at 1M), so this reads about `need` lines
    divided by the share of current listings, not the whole price; in a dense circle also divided by the circle's
    share of all centers, as the rank sorts read their index. The price, the circle, the center's status and the
    staleness are read from the line's copies (kept by services/price_order.py), which the price indexes carry: a
    line costs an index entry, and its center's row only when the search has filters (for the lines that pass).
    After the first statement, each reads about as many lines as the share found so far says the rest needs."""
    shape = (len(lines.service_ids), circle is not None, lines.low is not None, lines.high is not None)
    statement = _statement(*shape, tuple(conditions)) if conditions else _unfiltered(*shape)
    params = {"stale_cutoff": stale_cutoff(now_utc), "low": lines.low, "high": lines.high,
              **{f"service_{n}": service_id for n, service_id in enumerate(lines.service_ids)},
              **(circle.params() if circle else {})}
    found: list[int] = []  # final, in order
    seen: set[int] = set()
    price_now, current, stale = None, [], []  # the price being read: its current and its stale listings so far
    # under a price range, from its low end: SQLite seeks the index by the first of the two lower bounds it is
    # given, so a START of -1 read every cheaper line first (PKR 3,000-4,000 in Karachi: 45 -> 1.6 ms a statement)
    after = START if lines.low is None else (lines.low, *START[1:])
    batch, read = PRICE_BATCH if budget is None else min(PRICE_BATCH, budget), 0
    while budget is None or read < budget:
        bound = dict(zip(("price", "name", "center", "line"), after, strict=True))
        rows = session.connection().execute(statement, {**params, **bound, "batch": batch}).all()
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
        useful = len(found) + len(current)  # centers of the page known so far, per line read
        wanted = (need - useful) * read / max(useful, 1) * 1.25  # (reading on at the share so far, with a margin)
        batch = int(min(max(wanted, PRICE_BATCH // 4), PRICE_BATCH_MAX if budget is None else budget - read))
        after = tuple(rows[-1][:4])
    return None


def _statement(types: int, in_circle: bool, low: bool, high: bool, conditions: tuple = ()):
    """Matching centers' menu lines in (price per hour, center name, center id, line id) order after the bound
    (:price, :name, :center, :line), :batch of them, each with its center's staleness (:stale_cutoff); of the
    types :service_0... (any when `types` is 0), within :low and :high, in the circle (Circle.params()). One arm per
    chosen type, each read in order from its index and limited, merged by the outer ORDER BY. Every value a bind
    parameter, so a search without filters takes it built (_unfiltered), as building it cost more than running it."""
    def arm(service: int | None):
        line = _LINE
        order = (line.price_key, line.center_name, line.center_id, line.id)
        stale = case((line.center_confirmed_at >= bindparam("stale_cutoff"), 0), else_=1)
        stmt = (select(line.price_key.label("price"), line.center_name.label("name"), line.center_id.label("center"),
                       line.id.label("line"), stale.label("stale"))
                .where(line.price_key >= bindparam("price"), *([Circle.holds_line(line)] if in_circle else []),
                       tuple_(*order) > tuple_(bindparam("price"), bindparam("name"), bindparam("center"),
                                               bindparam("line")),
                       *([line.price_key >= bindparam("low")] if low else []),
                       *([line.price_key <= bindparam("high")] if high else []),
                       line.center_status == CenterStatus.PUBLISHED.value)
                .order_by(*order).limit(bindparam("batch")))
        stmt = _filtered(stmt, line, conditions)  # the search's filters, on the centers of the lines that passed
        return stmt if service is None else stmt.where(line.service_id == bindparam(f"service_{service}"))

    if types <= 1:
        return arm(0 if types else None)
    merged = union_all(*(select(arm(n).subquery()) for n in range(types))).subquery()
    return (select(merged).order_by(merged.c.price, merged.c.name, merged.c.center, merged.c.line)
            .limit(bindparam("batch")))


def _filtered(stmt, line, conditions) -> Select:
    """The search's filters on the centers of the lines `stmt` reads (`line`: its columns). A filter on the center's
    id alone (a text's set, or its test of the center's document) takes the line's copy of it, so where no filter
    reads more of the center its row is not read: "serene" by price within 50 km of Karachi at 1M read a center's
    row for each line in the circle, 8.1 -> 5.3 ms a statement."""
    if not conditions:
        return stmt
    on_line = [visitors.replacement_traverse(condition, {}, lambda element: _line_id(element, line))
               for condition in conditions]
    if any(_reads_center(condition) for condition in on_line):
        return stmt.join(Center, Center.id == line.center_id).where(*conditions)
    return stmt.where(*on_line)


def _line_id(element, line):
    """The line's copy of its center's id in place of the center's id; None (keep) for anything else."""
    if getattr(element, "table", None) is Center.__table__ and getattr(element, "key", None) == "id":
        return line.center_id
    return None


def _reads_center(condition) -> bool:
    return any(getattr(element, "table", None) is Center.__table__ for element in visitors.iterate(condition))


_unfiltered = functools.lru_cache(maxsize=64)(_statement)  # by shape: (types, in_circle, low, high)

COUNT_SCAN = 20_000  # menu lines of the range read to count a circle's matches


def count_in_circle(session: Session, lines: PriceLines, conditions: list, circle: Circle,
                    cap: int) -> tuple[int, bool]:
    """How many matching centers have one of `lines` (a price range, of the chosen types if any) in the circle, up
    to `cap` (True when over it); True with a lower bound too when the range has more than COUNT_SCAN lines.

    Read from the price indexes alone, as cheapest() reads them: the range's first COUNT_SCAN lines (index order, no
    sort), those of published centers in the circle (the lines' copies), each center once, its row read only for
    the search's other filters. Counting "has a line in the range" per center of the circle instead read each one's
    menu: 9 ms for the 2,000 it may test at 1M (docs/PERFORMANCE.md, "The price sort from its indexes alone")."""
    line = _LINE

    def arm(service: int | None):
        stmt = select(line.center_id, line.center_latitude, line.center_longitude).where(
            *([line.price_key >= lines.low] if lines.low is not None else []),
            *([line.price_key <= lines.high] if lines.high is not None else []),
            line.center_status == CenterStatus.PUBLISHED.value).limit(bindparam("scan"))
        return stmt if service is None else stmt.where(line.service_id == service)

    arms = [arm(service) for service in lines.service_ids] or [arm(None)]  # one index read per type, or one
    ranged = (arms[0] if len(arms) == 1 else union_all(*(select(one.subquery()) for one in arms))).subquery("ranged")
    inside = _filtered(select(ranged.c.center_id).where(Circle.holds_line(ranged.c)), ranged.c, conditions)
    params = {"scan": COUNT_SCAN, **circle.params()}
    # First the first 2 x (cap + 1) lines that pass, each center once: usually over the cap already (a center has a
    # line or two in a range), and PostgreSQL stops there, where its DISTINCT over all (a sort) read every line of
    # the scan (20,000: 11 ms at 1M, 1.2 ms this way).
    first = inside.limit(2 * (cap + 1)).subquery()
    if (session.connection().scalar(select(func.count(first.c.center_id.distinct())), params) or 0) > cap:
        return cap, True
    matching = inside.distinct().limit(cap + 1).subquery()
    counted = session.connection().scalar(select(func.count()).select_from(matching), params) or 0
    if counted > cap:
        return cap, True
    # exact when every read stopped short of COUNT_SCAN lines (each type's, when several)
    return counted, any((session.connection().scalar(select(func.count()).select_from(one.subquery()), params) or 0)
                        >= COUNT_SCAN for one in arms)
