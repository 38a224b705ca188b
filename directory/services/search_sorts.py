"""The sorts other than distance (rating, reviews, price): their orders, and pages of them read in those orders from
their indexes, in a circle or without a place, the rating sort's keyset cursor too (services/search.py chooses;
search_price.py reads menu lines)."""
import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Integer, Select, and_, bindparam, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from ..geo.gazetteer import Place
from ..geo.nearby import CircleTerms, count_within
from ..models import Center, CenterStatus
from ..models.center_index import NO_PRICE, RANK_MIN_RATED, RANK_RATED, RANK_STARS
from . import search_filters as filters
from . import search_price
from .search_filters import stale_cutoff, stale_last


def shown_rating():
    """The average as cards show it, in tenths of a star rounded half up (Center.rating); NULL without reviews."""
    return case((Center.rating_count > 0, _shown_tenths()), else_=None)


def _shown_tenths(columns=Center):
    """shown_rating()'s value for a center with reviews (a division by zero without)."""
    return (columns.rating_sum * 20 + columns.rating_count) // (columns.rating_count * 2)


@dataclass(frozen=True)
class RatingKey:
    """A center's place in the rating sort (see rating_order): rank, stale (0/1), rating_sum, name, id."""

    rank: int
    stale: int
    rating_sum: int
    name: str
    center_id: int

    def as_list(self) -> list:
        return [self.rank, self.stale, self.rating_sum, self.name, self.center_id]

    @classmethod
    def from_list(cls, values) -> "RatingKey":
        """From as_list()'s output; ValueError unless it has that shape."""
        if not isinstance(values, list) or len(values) != 5:
            raise ValueError("not a rating key")
        rank, stale, total, name, center_id = values
        if not all(type(value) is int for value in (rank, stale, total, center_id)) or stale not in (0, 1) \
                or not isinstance(name, str) or len(name) > 200:
            raise ValueError("not a rating key")
        return cls(rank, stale, total, name, center_id)


def _after(key: RatingKey, now_utc: datetime):
    """Rows after `key` in rating_order (mixed directions, so spelled out; the first term bounds the index range)."""
    rank, stale, total = Center.rating_rank, stale_last(now_utc), Center.rating_sum
    tail = or_(Center.name > key.name, and_(Center.name == key.name, Center.id > key.center_id))
    tail = or_(total < key.rating_sum, and_(total == key.rating_sum, tail))
    tail = or_(stale > key.stale, and_(stale == key.stale, tail))
    return and_(rank <= key.rank, or_(rank < key.rank, and_(rank == key.rank, tail)))


def rating_page(session: Session, conditions: list, ranges: list, after: RatingKey | None, offset: int, limit: int,
                now_utc: datetime, whole: bool = False) -> tuple[list[int], RatingKey | None, int | None]:
    """One page of the rating sort without a place, read in index order; the key of its last row when more follow;
    and, when `whole` and no `after`, the number of all matches (None otherwise).

    `ranges`: [None], or rank ranges in the sort's order (search_rare.rank_ranges) read one after the other, each
    only as far as the page needs, so the centers between them are not read. `whole`: the conditions admit few
    centers the database reads first (a text few documents hold), then sorts, counting them on the way; the rank is
    not a seek, or PostgreSQL walked the index testing 8,000 candidates' documents for 20 (96 ms; 23 ms so)."""
    stale = stale_last(now_utc)
    order = sort_order("rating", filters.PriceLines(), now_utc, whole)
    counted = whole and after is None
    stmt = (select(Center.id, Center.rating_rank, stale, Center.rating_sum, Center.name,
                   func.count().over() if counted else literal(None))
            .where(Center.status == CenterStatus.PUBLISHED, *conditions).order_by(*order))
    skip = 0 if after is not None else offset
    if after is not None:
        stmt = stmt.where(_after(after, now_utc))
    if ranges == [None]:
        rows = session.execute(stmt.offset(skip).limit(limit + 1)).all()  # one more: is there a next page?
    else:
        rows = []
        for rank_range in ranges:
            if len(rows) <= skip + limit:
                rows += session.execute(stmt.where(rank_range).limit(skip + limit + 1 - len(rows))).all()
        rows = rows[skip:]
    last = rows[limit - 1] if len(rows) > limit else None
    total = (rows[0][5] if rows else None) if counted else None
    return [row[0] for row in rows[:limit]], last and RatingKey(last[1], last[2], last[3], last[4], last[0]), total


def sorted_ids(session: Session, sort: str, lines: filters.PriceLines, conditions: list, offset: int,
               limit: int, now_utc: datetime, params: dict | None = None) -> list[int]:
    """A page of matching centers in the sort's order; `params`: the values of the conditions' bind parameters
    (CircleTerms.params)."""
    stmt = (select(Center.id).where(Center.status == CenterStatus.PUBLISHED, *conditions)
            .order_by(*sort_order(sort, lines, now_utc)).offset(offset).limit(limit))
    return list(session.scalars(stmt, params or {}))


def sort_order(sort: str, lines: filters.PriceLines, now_utc: datetime, whole: bool = False) -> list:
    """The ORDER BY terms of the rating, review or price sort. `whole`: for few matches the database reads first
    and sorts whole; the rank is then not a seek, or PostgreSQL may walk its index in order testing every center
    (a text 1 in 400 hold, rating sort within 50 km: 200,000 centers read for 511, 4.5 s)."""
    if whole:
        return whole_order(sort, lines, now_utc)
    # Every sort follows the value the card shows (stars as rounded, review count, price), so the list looks sorted;
    # the review-weighted score and freshness only break ties. Centers with fewer than MIN_RATED reviews come after
    # the rated ones in the rating sort (the page says so): one 5-star review should not top the list.
    if sort == "rating":
        return rating_order(now_utc)
    if sort == "reviews":  # review_rank: the count, then the shown stars (ix_centers_status_review_rank)
        return review_terms(stale_last(now_utc))
    return [func.coalesce(filters.lowest_price(lines), NO_PRICE), stale_last(now_utc), Center.name, Center.id]


def whole_order(sort: str, lines: filters.PriceLines, now_utc: datetime, columns=Center) -> list:
    """sort_order(..., whole=True): the rating, review or price sort for few matches sorted whole, on Center's
    columns or on a subquery's of the same names (`columns`: its .c; built on them, not adapted to them, which cost
    ~1 ms a search)."""
    stale = filters.stale_last(now_utc, columns.confirmed_at)
    if sort == "rating":
        return [rank_from_counts(columns).desc(), stale, columns.rating_sum.desc(), columns.name, columns.id]
    if sort == "reviews":
        return [review_rank_from_counts(columns).desc(), stale, columns.name, columns.id]
    return [func.coalesce(filters.lowest_price(lines, columns.id), NO_PRICE), stale, columns.name, columns.id]


def rank_from_counts(columns=Center):
    """Center.rating_rank computed from rating_count and rating_sum (RATING_RANK_SQL), for sorting few centers whole:
    not a seek, and read from an index that holds the two counts (ix_centers_spatial_night), where SQLite reads the
    table row for a generated column even when an index holds it."""
    count = columns.rating_count
    return (case((count >= RANK_MIN_RATED, RANK_RATED), else_=0)
            + case((count > 0, cast(_shown_tenths(columns) + 1, BigInteger) * RANK_STARS), else_=0) + count)


def review_rank_from_counts(columns=Center):
    """Center.review_rank from the two counts (REVIEW_RANK_SQL), as rank_from_counts()."""
    count = columns.rating_count
    return cast(count, BigInteger) * 100 + case((count > 0, _shown_tenths(columns) + 1), else_=0)


def rating_order(now_utc: datetime) -> list:
    """The rating sort, read in order from ix_centers_status_rating_rank.

    Center.rating_rank (computed by the database) orders rated centers (MIN_RATED reviews or more) first, then the
    stars as shown, then the review count; the database reads the index in that order and sorts only each run of
    equal ranks by freshness, then rating_sum (the Bayesian score's order when the count is equal), name and id.
    Equal to ordering by those terms and the Bayesian score directly (tests/services/test_search_rank.py).
    """
    return rating_terms(stale_last(now_utc))


def rating_terms(stale) -> list:
    return [Center.rating_rank.desc(), stale, Center.rating_sum.desc(), Center.name, Center.id]


def review_terms(stale) -> list:
    """The review sort, read in order from ix_centers_status_review_rank: the count, then the shown stars."""
    return [Center.review_rank.desc(), stale, Center.name, Center.id]


DENSE_CIRCLE = 5_000  # more matches than this in the circle: the rating, review and price sorts read in order
RANK_SHARE = 50  # a circle holding one in RANK_SHARE of the rank index's first rows is read in order uncounted
RANK_PROBE = 100  # rows of the rank index read with their place in the circle


def circle_page(session: Session, sort: str, origin: Place, radius_km: float, lines: filters.PriceLines,
                conditions: list, offset: int, limit: int,
                now_utc: datetime) -> tuple[list[int], tuple[int, bool] | None]:
    """A page of the rating, review or price sort in a circle, and the circle's count when it was counted
    (count_within's answer, up to DENSE_CIRCLE).

    Where the circle holds many of the matches, the sort's order read from its index and tested against the circle
    meets a page after about (all matches / matches in the circle) x the page's rows; sorting the whole circle
    (200,000 centers within 50 km of Karachi at 1M) would cost far more. Where it holds few, the circle is sorted
    whole. Which one: first RANK_PROBE rows of the rank index, each with its place in the circle (~0.3 ms at 1M):
    a share of 2% or more (50 km around Karachi: 20%) is dense, and these rows hold page 1 of the rating and review
    sorts (~5 rows a result). Else the circle is counted through the spatial index up to DENSE_CIRCLE (5,000 index
    entries, 2.4 ms: the probe spares city-wide searches that), over it dense, under it sorted whole with the count
    as its total."""
    found, every = _probe(session, "reviews" if sort == "reviews" else "rating", origin, radius_km, conditions,
                          now_utc)
    if sort != "price" and (every or len(found) >= offset + limit):
        return found[offset:offset + limit], None
    dense, counted = _judged_dense(found, every), None
    if not dense and not every:
        counted = count_within(session, origin.latitude, origin.longitude, radius_km=radius_km, where=conditions,
                               cap=DENSE_CIRCLE)
        dense = counted[1]
    if dense and sort == "price":
        circle = search_price.Circle(origin.latitude, origin.longitude, radius_km)
        return price_page(session, lines, conditions, offset, limit, now_utc, circle), counted
    terms = CircleTerms.around(origin.latitude, origin.longitude, radius_km)
    if dense:  # the rank index in order, the box first (cheaper), on the rating index's entries (0028)
        # SQLite as expressions (not a seek); PostgreSQL on the columns: as expressions it estimated the box to hold
        # 8 rows of 1M, so it read and sorted the whole table (page 50 within 50 km of Karachi: 14 -> 340 ms), on the
        # columns from their statistics, and checks them on the index's entries
        sqlite = session.get_bind().dialect.name == "sqlite"
        box = [terms.box_tested if sqlite else terms.box_plain]
        return sorted_ids(session, sort, lines, [*conditions, *box, terms.within], offset, limit, now_utc,
                          terms.params), counted
    circle = [*conditions, terms.box, terms.within]
    return sorted_ids(session, sort, lines, circle, offset, limit, now_utc, terms.params), counted


def _probe(session: Session, sort: str, origin: Place, radius_km: float, conditions: list,
           now_utc: datetime) -> tuple[list[int], bool]:
    """The matches among the first RANK_PROBE of the rating or review sort that lie in the circle, in order, and
    whether those were every match there is."""
    params = {**CircleTerms.around(origin.latitude, origin.longitude, radius_km).params,
              "stale_cutoff": stale_cutoff(now_utc), "rows": RANK_PROBE}
    statement = _ranked_statement(sort) if not conditions else _ranked_query(sort, conditions)
    rows = session.connection().execute(statement, params).all()  # Core: plain tuples, no ORM work per row
    return [center_id for center_id, in_circle in rows if in_circle], len(rows) < RANK_PROBE


def _judged_dense(found: list[int], every: bool) -> bool:
    """The probe's verdict: the circle holds a share of RANK_SHARE or more of many matches."""
    return not every and len(found) * RANK_SHARE >= RANK_PROBE


def _ranked_query(sort: str, conditions) -> Select:
    """Matching centers in the rating or review sort's order, each with whether it lies in the circle; every value a
    bind parameter (CircleTerms.params, :stale_cutoff, :rows)."""
    stale = case((Center.confirmed_at >= bindparam("stale_cutoff"), 0), else_=1)  # the column's type
    order = rating_terms(stale) if sort == "rating" else review_terms(stale)
    return (select(Center.id, CircleTerms.within).where(Center.status == CenterStatus.PUBLISHED, *conditions)
            .order_by(*order).limit(bindparam("rows", type_=Integer)))


@functools.cache
def _ranked_statement(sort: str) -> Select:
    """_ranked_query without filters, built once (building it cost more than running it)."""
    return _ranked_query(sort, ())


def price_page(session: Session, lines: filters.PriceLines, conditions: list, offset: int, limit: int,
               now_utc: datetime, circle: search_price.Circle | None = None) -> list[int]:
    """A page of the price sort over many matching centers (in the circle if one is given), read in order from the
    menu lines."""
    cheapest = search_price.cheapest(session, lines, _beyond_menu(lines, conditions), offset + limit, now_utc,
                                     circle=circle)
    if cheapest is None:  # the lines ran out first: centers without a menu follow, so sort them all
        terms = circle and CircleTerms.around(circle.latitude, circle.longitude, circle.radius_km)
        return sorted_ids(session, "price", lines, [*conditions, terms.within] if terms else conditions, offset,
                          limit, now_utc, terms and terms.params)
    return cheapest[offset:]


def _beyond_menu(lines: filters.PriceLines, conditions: list) -> list:
    """The search's conditions but its menu condition (build_conditions puts it first, when there is one): the
    price sort's menu lines are of the chosen types and range, so their centers meet it (and the statement without
    other filters is built once)."""
    return conditions[1:] if lines.service_ids or lines.low is not None or lines.high is not None else conditions


PRICE_RANGE_BUDGET = 20_000  # menu lines the ranged price sort reads in a circle before sorting the circle whole


def ranged_price_page(session: Session, origin: Place, radius_km: float, service_ids: list[int],
                      lines: filters.PriceLines, conditions: list, offset: int, limit: int, now_utc: datetime,
                      cap: int) -> tuple[list[int], tuple[int, bool] | None]:
    """A page of the price sort under a price range in a circle. When the circle holds many of the centers matching
    all but the range (judged as circle_page judges, without the range: counting with it looks at each candidate's
    menu, 106 of 127 ms at 1M), from the range's menu lines in order: they are of the range already, so they meet
    the circle about as often as without one. Unless the circle's centers lie outside the range far more than
    others do: after PRICE_RANGE_BUDGET lines, or in a sparser circle, the circle's matches are sorted whole.
    With the page read from the lines, the circle's total (up to `cap`) is counted from them too
    (search_price.count_in_circle); else None (the caller counts)."""
    broad = conditions[1:]  # build_conditions puts the menu condition (types and range) first
    if service_ids:
        broad.insert(0, filters.menu_condition(service_ids, None, None))
    found, every = _probe(session, "rating", origin, radius_km, broad, now_utc)
    over = _judged_dense(found, every) or not every and count_within(
        session, origin.latitude, origin.longitude, radius_km=radius_km, where=broad, cap=DENSE_CIRCLE)[1]
    if over:  # (no box here: its band and longitude terms would lead the planner to start from the circle)
        circle = search_price.Circle(origin.latitude, origin.longitude, radius_km)
        beyond = _beyond_menu(lines, conditions)
        found = search_price.cheapest(session, lines, beyond, offset + limit, now_utc, budget=PRICE_RANGE_BUDGET,
                                      circle=circle)
        if found is not None:
            return found[offset:], search_price.count_in_circle(session, lines, beyond, circle, cap)
    terms = CircleTerms.around(origin.latitude, origin.longitude, radius_km)
    circle = [*conditions, terms.box, terms.within]
    return sorted_ids(session, "price", lines, circle, offset, limit, now_utc, terms.params), None
