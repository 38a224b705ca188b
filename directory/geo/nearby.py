"""Nearest centers to a point: a box that starts small and grows until it holds the k nearest.

The box is read through the index on (lat_band, longitude, latitude, ...): one index range per 0.005-degree
latitude band, so a small box touches a few dozen rows even among a million. Candidates are ranked by the exact
haversine term in SQL; only those inside the circle count, so the answer equals a brute-force scan (see
tests/geo/test_nearby.py). The first three boxes (100 m, 400 m, 1.6 km) go to the database as one statement, each
read only when the smaller ones fell short; larger boxes, filtered searches and boxes across the antimeridian
continue one statement per box.
"""
import functools
import math
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Float,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from ..models import Center, CenterStatus
from ..models.center_index import BANDS_PER_DEGREE, COORDINATE_DECIMALS, latitude_band
from .distance import bounding_box, h_to_km, km_to_h

START_KM = 0.1
KM_PER_DEGREE = 111.0  # a little under the real 111.19 km, so a box never spans more bands than it has slots for
RAD = math.pi / 180


def haversine_h_sql(lat, lng, cos_lat=None, point=None) -> ColumnElement[float]:
    """SQL for the haversine term between each center (or the `point`'s latitude and longitude columns, as a menu
    line's copy of its center's) and (lat, lng); values or bind parameters."""
    latitude, longitude = point or (Center.latitude, Center.longitude)
    half_dlat = (latitude - lat) * (RAD / 2)
    half_dlng = (longitude - lng) * (RAD / 2)
    sin_lat, sin_lng = func.sin(half_dlat), func.sin(half_dlng)
    cos_lat = math.cos(lat * RAD) if cos_lat is None else cos_lat
    return sin_lat * sin_lat + cos_lat * func.cos(latitude * RAD) * sin_lng * sin_lng


# Published, written so that no index is sought by it (`status || ''`): the spatial index holds status, so the test
# costs nothing there, and it leaves the spatial index the only one these statements can use. As `status = ?`, SQLite
# without statistics for an index led by status (a database never analysed, or one migrated past 0017 without
# ANALYZE) took it as selective and read every published center through ix_centers_status_deleted_at for the ladder's
# 1.6 km box: 850 ms instead of 0.35 ms at 1M (docs/PERFORMANCE.md, "Run order and the benchmark's figures").
_PUBLISHED = Center.status.concat("") == CenterStatus.PUBLISHED.value

# Built once: every value is a bind parameter (circle_params), so each search only adds its filters (building SQL
# is not free: the haversine term from values, 16 operators, took ~0.3 ms a search).
_H = haversine_h_sql(bindparam("lat", type_=Float), bindparam("lng", type_=Float), bindparam("cos_lat", type_=Float))
_IN_BOX = {  # index-friendly: the box's latitude bands as an IN list, then longitude (one or two ranges)
    ranges: and_(
        Center.lat_band.in_(bindparam("bands", expanding=True)),
        or_(*(Center.longitude.between(bindparam(f"west{i}"), bindparam(f"east{i}")) for i in range(ranges))),
        Center.latitude.between(bindparam("min_lat"), bindparam("max_lat")))
    for ranges in (1, 2)}
_BOX = {ranges: and_(box, _PUBLISHED) for ranges, box in _IN_BOX.items()}


def _box_on(latitude, longitude, ranges: int) -> ColumnElement[bool]:
    """The box (:min_lat, :max_lat, one or two longitude ranges) on these latitude and longitude expressions."""
    return and_(latitude.between(bindparam("min_lat"), bindparam("max_lat")),
                or_(*(longitude.between(bindparam(f"west{i}"), bindparam(f"east{i}")) for i in range(ranges))))


# tested on each entry read, never sought (`latitude + 0`), and on the columns themselves: CircleTerms.box_tested,
# CircleTerms.box_plain
_BOX_TESTED = {ranges: _box_on(Center.latitude + 0, Center.longitude + 0, ranges) for ranges in (1, 2)}
_BOX_PLAIN = {ranges: _box_on(Center.latitude, Center.longitude, ranges) for ranges in (1, 2)}
_WITHIN = _H <= bindparam("max_h", type_=Float)


def _ranges(params: dict) -> int:
    """How many longitude ranges a box's parameters hold: two where it crosses the antimeridian."""
    return 2 if "west1" in params else 1


def circle_params(lat: float, lng: float, radius_km: float) -> dict:
    """The bind parameters of the prebuilt circle terms (CircleTerms): the point, its haversine bound, its box."""
    return {"lat": lat, "lng": lng, "cos_lat": math.cos(lat * RAD), "max_h": km_to_h(radius_km),
            **_box_params(lat, lng, radius_km)}


class CircleTerms(NamedTuple):
    """SQL conditions for a circle around a point, prebuilt with bind parameters: a statement using any of them is
    executed with `params` (the names are shared, so several may be used at once)."""

    params: dict

    @classmethod
    def around(cls, lat: float, lng: float, radius_km: float) -> "CircleTerms":
        return cls(circle_params(lat, lng, radius_km))

    @property
    def box(self) -> ColumnElement[bool]:
        """The circle's box, sought through the spatial index (latitude bands, then longitude)."""
        return _IN_BOX[_ranges(self.params)]

    @property
    def box_tested(self) -> ColumnElement[bool]:
        """The box tested on each row read, not sought: for SQLite's reads in another index's order (the rating
        sort's rank index, which carries latitude and longitude since 0028), placed before `within`, which then
        runs only for the entries in the box (page 50 of the rating sort within 50 km of Karachi at 1M: 3.4 -> 2.1 ms
        for the rank index's statement). PostgreSQL misjudges it (search_sorts.circle_page)."""
        return _BOX_TESTED[_ranges(self.params)]

    @property
    def box_plain(self) -> ColumnElement[bool]:
        """The box on latitude and longitude themselves, for PostgreSQL's reads in the rank index's order: a btree
        scan checks conditions on any of its key columns on each entry, so only the rows of entries in the box are
        read (page 50 of the rating sort within 50 km of Karachi at 1M: 5,287 -> 1,196 buffers, 4.1 -> 1.8 ms)."""
        return _BOX_PLAIN[_ranges(self.params)]

    within = _WITHIN  # the exact test: the center's haversine term to the point at most the radius's
    distance = _H  # the haversine term to the point: nearest first in ascending order


def _box_query(ranges: int, where: tuple) -> Select:
    """Nearest-first candidates inside a box (one or two longitude ranges), with the search's filters."""
    return (select(Center.id, _H.label("h")).where(_BOX[ranges], *where)
            .order_by("h", Center.id).limit(bindparam("need", type_=Integer)))


def _box_params(lat: float, lng: float, radius_km: float) -> dict:
    box = bounding_box(lat, lng, radius_km)
    params = {"bands": list(range(latitude_band(box.min_lat), latitude_band(box.max_lat) + 1)),
              "min_lat": box.min_lat, "max_lat": box.max_lat}
    for index, (west, east) in enumerate(box.lng_ranges):
        params[f"west{index}"], params[f"east{index}"] = west, east
    return params


JUMP_SHARE = 0.5  # a box grown past this share of the radius becomes the radius's box
LADDER = 3  # boxes tried in the first statement: START_KM, x4, x16 (covers most points in one round trip)
LADDER_GROWTH = 4.0


def _ladder_query(levels: int) -> CompoundSelect:
    """One statement holding `levels` growing boxes; each box is read only when every smaller one fell short.

    The "fell short" test is a scalar subquery that does not depend on the row, so SQLite and PostgreSQL evaluate
    it once and skip the whole scan of a box that is not needed (a one-time filter).
    """
    parts, not_done = [], []
    for level in range(levels):
        west, east = bindparam(f"west{level}", type_=Float), bindparam(f"east{level}", type_=Float)
        if not_done:
            # An empty longitude range when a smaller box already sufficed: the index seeks find nothing. (As a
            # plain WHERE term SQLite would test it on every row of the box instead.)
            east = case((and_(*not_done), east), else_=west - 1)
        bands = [bindparam(f"band{level}_{slot}", type_=Integer) for slot in range(_band_slots(level))]
        box = and_(Center.lat_band.in_(bands),
                   Center.longitude.between(west, east),
                   Center.latitude.between(bindparam(f"min_lat{level}"), bindparam(f"max_lat{level}")),
                   _PUBLISHED)
        candidates = (select(Center.id.label("id"), _H.label("h")).where(box)
                      .order_by("h", Center.id).limit(bindparam("need", type_=Integer)).cte(f"box{level}"))
        inside = (select(func.count()).select_from(candidates)
                  .where(candidates.c.h <= bindparam(f"limit_h{level}", type_=Float)).scalar_subquery())
        not_done = [*not_done, inside < bindparam("need", type_=Integer)]
        parts.append(select(literal(level).label("level"), candidates.c.id, candidates.c.h))
    return union_all(*parts)


def _band_slots(level: int) -> int:
    """How many latitude bands the box of this level can span: its IN list has that many fixed parameters
    (a fixed statement needs no expanding parameters to render on every call)."""
    degrees = 2 * START_KM * LADDER_GROWTH ** level / KM_PER_DEGREE
    return int(degrees * BANDS_PER_DEGREE) + 2


def _ladder(lat: float, lng: float, radius_km: float) -> tuple[list[float], dict] | None:
    """The box sizes of the first statement and its parameters; None when a box crosses the antimeridian (or spans
    more latitude bands than its slots)."""
    sizes: list[float] = []
    params: dict = {}
    box_km = min(START_KM, radius_km)
    while len(sizes) < LADDER:
        level, box = len(sizes), bounding_box(lat, lng, box_km)
        bands = list(range(latitude_band(box.min_lat), latitude_band(box.max_lat) + 1))
        slots = _band_slots(level)
        if len(box.lng_ranges) > 1 or len(bands) > slots:
            return None
        (west, east), = box.lng_ranges
        params |= {f"west{level}": west, f"east{level}": east, f"min_lat{level}": box.min_lat,
                   f"max_lat{level}": box.max_lat, f"limit_h{level}": km_to_h(box_km)}
        params |= {f"band{level}_{slot}": bands[min(slot, len(bands) - 1)] for slot in range(slots)}
        sizes.append(box_km)
        if box_km >= radius_km:
            break
        box_km = min(box_km * LADDER_GROWTH, radius_km)
    return sizes, params


def nearby(session: Session, lat: float, lng: float, *, radius_km: float, limit: int, offset: int = 0,
           where: Iterable[ColumnElement[bool]] = ()) -> list[tuple[int, float]]:
    """(center id, distance km) of the published centers nearest (lat, lng) within radius_km, nearest first."""
    need = offset + limit
    if need <= 0:
        return []
    lat, lng = round(lat, COORDINATE_DECIMALS), round(lng, COORDINATE_DECIMALS)
    where = tuple(where)
    fixed = {"lat": lat, "lng": lng, "cos_lat": math.cos(lat * RAD), "need": need}
    box_km, inside = min(START_KM, radius_km), []
    connection = session.connection()  # Core execution: these rows are plain tuples, the ORM layer only costs time
    # Unfiltered searches start with the ladder (one prebuilt statement); a filtered one would have to build its
    # ladder per search, which costs more than the round trips it saves (bench/query_bench.py).
    ladder = None if where else _ladder(lat, lng, radius_km)
    if ladder is not None:
        sizes, params = ladder
        found: dict[int, list] = {}
        for level, center_id, h in connection.execute(_ladder_statement(len(sizes)), {**fixed, **params}).all():
            found.setdefault(level, []).append((center_id, h))
        for level, box_km in enumerate(sizes):
            limit_h = km_to_h(box_km)
            inside = [(center_id, h) for center_id, h in found.get(level, ()) if h <= limit_h]
            if len(inside) >= need or box_km >= radius_km:
                return [(center_id, h_to_km(h)) for center_id, h in inside[offset:need]]
        box_km = min(box_km * LADDER_GROWTH, radius_km)
    statements: dict[int, Select] = {}
    while True:
        params = {**fixed, **_box_params(lat, lng, box_km)}
        ranges = _ranges(params)
        if ranges not in statements:
            statements[ranges] = _box_query(ranges, where)
        limit_h = km_to_h(box_km)
        rows = connection.execute(statements[ranges], params).all()
        inside = [(center_id, h) for center_id, h in rows if h <= limit_h]
        if len(inside) >= need or box_km >= radius_km:
            return [(center_id, h_to_km(h)) for center_id, h in inside[offset:need]]
        growth = 4.0 if not inside else min(4.0, max(1.5, math.sqrt(need / len(inside)) * 1.15))
        box_km = min(box_km * growth, radius_km)
        if box_km > radius_km * JUMP_SHARE:  # every box is read whole: past half the radius, read the circle's box
            box_km = radius_km  # once (a rare filter in 50 km grew 30 -> 45 -> 50 km, 53 ms each)


@functools.cache
def _ladder_statement(levels: int) -> CompoundSelect:
    return _ladder_query(levels)


def _count_query(ranges: int, where: tuple) -> Select:
    inner = select(Center.id).where(_BOX[ranges], _WITHIN, *where).limit(
        bindparam("cap", type_=Integer))
    return select(func.count()).select_from(inner.subquery())


def _band_and_box(ranges: int):
    """PostgreSQL: the box's latitude bands as rows (unnest of :bands), and the box's condition within one band."""
    band = func.unnest(bindparam("bands", type_=ARRAY(Integer))).table_valued("band").render_derived(name="box_band")
    in_box = and_(
        Center.lat_band == band.c.band,
        or_(*(Center.longitude.between(bindparam(f"west{i}"), bindparam(f"east{i}")) for i in range(ranges))),
        Center.latitude.between(bindparam("min_lat"), bindparam("max_lat")),
        _PUBLISHED)
    return band, in_box


def _band_count_query(ranges: int, where: tuple) -> Select:
    """The capped count for PostgreSQL: the box's latitude bands one at a time (LATERAL), each read through the spatial
    index and stopped by the cap.

    Written as one range condition over the whole box, the count's plan depends on a row estimate PostgreSQL cannot
    get right: it multiplies the selectivities of the band list, the longitude range and the latitude range as if
    they were independent, but the bands are the latitude and the centers cluster in both dimensions (5 km around
    Clifton at 1M: 562 rows estimated, 52,148 in the box). Trusting 562, it read the whole box through a bitmap
    (the cap cannot stop a bitmap) in 12-28 ms, unless the table was freshly vacuumed or the statement had run ten
    times on the connection (psycopg prepares it at the fifth run, PostgreSQL's generic plan follows five runs
    later): 0.4 ms then. Per band, the planner sees `lat_band = <the outer band>`, which it estimates for an average
    band whatever the place, and the nested loop is the only plan a LATERAL subquery with a LIMIT allows: the scan
    stops at the cap in every case (docs/PERFORMANCE.md, "The count's plan on PostgreSQL")."""
    band, in_box = _band_and_box(ranges)
    cap = bindparam("cap", type_=Integer)
    in_band = (select(literal(1).label("one")).where(in_box, _WITHIN, *where)
               .limit(cap).lateral("in_band"))
    found = select(in_band.c.one).select_from(band).join(in_band, true()).limit(cap)
    return select(func.count()).select_from(found.subquery())


@functools.cache
def _plain_count(dialect: str, ranges: int, scope: tuple = ()) -> Select:
    return _band_count_query(ranges, scope) if dialect == "postgresql" else _count_query(ranges, scope)


def _budgeted_count_query(ranges: int, where: tuple, dialect: str, scope: tuple = ()) -> Select:
    """Matches among the first :budget published centers in the circle (in index order: bands, then longitude) and
    in the `scope`, counted up to :cap. PostgreSQL reads the bands one at a time, as _band_count_query does, each
    stopped by the budget too."""
    # CASE, not a bare AND: as a value SQLite computes every operand of an AND (the exact "open now" EXISTS for every
    # entry), while a CASE condition stops at the first false one, as a WHERE does
    matches = case((and_(*where), 1), else_=0).label("ok")
    budget, in_circle = bindparam("budget", type_=Integer), _WITHIN
    if dialect == "postgresql":
        band, in_band = _band_and_box(ranges)
        per_band = select(matches).where(in_band, in_circle, *scope).limit(budget).lateral("in_band")
        entries = select(per_band.c.ok).select_from(band).join(per_band, true()).limit(budget).subquery()
    else:
        entries = select(matches).where(_BOX[ranges], in_circle, *scope).limit(budget).subquery()
    found = select(literal(1)).select_from(entries).where(entries.c.ok == 1).limit(bindparam("cap", type_=Integer))
    return select(func.count()).select_from(found.subquery())


@functools.cache
def _box_entries(dialect: str, ranges: int, scope: tuple = ()) -> Select:
    """Published centers in a box (:bands, :min_lat, :max_lat, :west0...) and the `scope`, counted up to :cap from
    the spatial index alone (no expression per entry but the scope's)."""
    cap = bindparam("cap", type_=Integer)
    if dialect == "postgresql":
        band, in_band = _band_and_box(ranges)
        per_band = select(literal(1).label("one")).where(in_band, *scope).limit(cap).lateral("in_band")
        entries = select(per_band.c.one).select_from(band).join(per_band, true()).limit(cap)
    else:
        entries = select(literal(1)).where(_BOX[ranges], *scope).limit(cap)
    return select(func.count()).select_from(entries.subquery())


def _more_in_circle_than(session: Session, dialect: str, params: dict, lat: float, lng: float, radius_km: float,
                         number: int, scope: tuple = ()) -> bool:
    """Whether more than `number` published centers (in the `scope`) lie in the circle. First the square inside it
    (its half-side 0.95 r / sqrt 2: inside the circle at any latitude short of the poles' 80 degrees), counted from
    the index alone: where that holds more, so does the circle (0.3 ms for 2,000 at 1M instead of 2.8 ms testing each
    one's distance)."""
    square = _box_params(lat, lng, radius_km * 0.95 / math.sqrt(2))
    if abs(lat) < 80 and "west1" not in square and "west1" not in params:
        if (session.connection().scalar(_box_entries(dialect, 1, scope), {**square, "cap": number + 1})
                or 0) > number:
            return True
    ranges = _ranges(params)
    return (session.connection().scalar(_plain_count(dialect, ranges, scope), {**params, "cap": number + 1})
            or 0) > number


def count_within(session: Session, lat: float, lng: float, *, radius_km: float,
                 where: Iterable[ColumnElement[bool]] = (), cap: int = 200,
                 budget: int | None = None, scope: Iterable[ColumnElement[bool]] = ()) -> tuple[int, bool]:
    """How many published centers lie within the radius, counting at most cap + 1; True when over the cap.

    With filters (`where`) and a `budget`, they are tested on at most that many centers of the circle (a count up to
    the cap otherwise reads cap / (the share that matches) of them: every one when few match). A count the budget
    stopped is a lower bound, also True ("17+"). `scope`: a condition the `where` implies (search_filters.night_scope)
    that the budget's centers are read from: a partial index where few centers are (one prebuilt object, cached)."""
    lat, lng = round(lat, COORDINATE_DECIMALS), round(lng, COORDINATE_DECIMALS)
    params = {**circle_params(lat, lng, radius_km), "cap": cap + 1}
    ranges = _ranges(params)
    where = tuple(where)
    dialect = session.get_bind().dialect.name
    if where and budget is not None:
        scope = tuple(scope)
        stmt = _budgeted_count_query(ranges, where, dialect, scope)
        total = session.connection().scalar(stmt, {**params, "budget": budget}) or 0
        if total <= cap and _more_in_circle_than(session, dialect, params, lat, lng, radius_km, budget, scope):
            return total, True  # more centers in the circle than the budget let it test: at least this many
        return min(total, cap), total > cap
    if where:
        stmt = _band_count_query(ranges, where) if dialect == "postgresql" else _count_query(ranges, where)
    else:
        stmt = _plain_count(dialect, ranges)
    total = session.connection().scalar(stmt, params) or 0  # Core: the ORM layer only costs time
    return min(total, cap), total > cap
