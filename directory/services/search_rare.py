"""Searches that start from the smaller side: a minimum rating that few centers reach.

Reading in a sort's order (or a circle nearest-first) and testing each center meets a page soon when the filters
match a fair share of centers. "Rated 5.0" matches about 1 in 200 of the bench data's centers, and with "men only"
and "physiotherapy" 1 in 20,000: the rank index was read nearly whole to fill a page without a place (1.5 s at 1M)
and every center within 50 km of Karachi was tested for the nearest 20 (174 ms). The centers a minimum rating admits
lie in two ranges of the rating sort's own index (ix_centers_status_rating_rank): the rated ones showing those stars
or more, and those with fewer reviews showing them. When the two are small (RANGE_LIMIT) and few of their centers
match (MATCH_LIMIT, tested on the index's entries: it holds the rating, gender, kind, massage-type and amenity
columns), every sort reads those matches only and sorts them whole, and the total is counted exactly.

"Open now" at night alike (night_page): the centers open at some night hour are few, and have an index of their own.

"Verified therapists" alike (verified_side): centers with a therapist holding a current verified credential are as
many as admins have verified, few beside all centers; the search read the rating index or the circle testing each
center for one (no place, price sort: 4.6 s at 1M where none was verified).
"""
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, func, select, union_all
from sqlalchemy.orm import Session

from ..geo.gazetteer import Place
from ..geo.nearby import CircleTerms
from ..models import Center, CenterStatus, Credential, Therapist
from ..models.center import NIGHT_SORT_KEYS
from ..models.center_index import RANK_RATED, RANK_STARS
from . import search_filters as filters
from .credentials import current_verified
from .remembered import Remembered
from .search_sorts import sort_order, whole_order

RANGE_LIMIT = 20_000  # index entries of its rank ranges a search may test to find its matches (~2.5 ms at 1M)
MATCH_LIMIT = 2_000  # matches it then reads and sorts whole (one row each)
NIGHT_LIMIT = 5_000  # centers open now at night in a circle read and sorted whole (50 km of Karachi at 1M: 2,351)
NIGHT_WALK = 2_000  # entries of a night sort index a page reads in the sort's order at most (night_walk)
NIGHT_WALK_ROWS = 100  # pages up to this many rows may be read so (50 km of Karachi: ~40 in 1,000 entries match)
SIZES = Remembered(seconds=300, limit=256)  # the ranges' sizes move only as reviews come in


def rank_ranges(min_rating: float) -> list[ColumnElement[bool]]:
    """Ranges of Center.rating_rank, in the rating sort's order, that hold every center min_rating_condition admits.

    That condition (the average at least min_rating - 0.05) implies the stars as shown, in tenths rounded half up,
    are at least floor(10 x min_rating); the ranges may hold a few centers it refuses, never miss one it admits
    (the condition itself still decides; tests/services/test_search_rare.py checks both at the edges)."""
    tenths = math.floor(min_rating * 10 + 1e-9)
    stars = (tenths + 1) * RANK_STARS
    return [Center.rating_rank >= RANK_RATED + stars,
            and_(Center.rating_rank >= stars, Center.rating_rank < RANK_RATED)]


@dataclass(frozen=True)
class SmallSide:
    """A search's matches from a smaller side: a minimum rating whose rank ranges are small, read range by range, or
    a text few documents hold (text_side)."""

    ranges: list  # rank_ranges(min_rating), in the rating sort's order ([None]: the text's side, no ranges)
    arms: list[Select]  # each range's matching ids, tested on the index's entries where the filters allow
    few: bool  # at most MATCH_LIMIT match: any sort may read them all and sort them whole
    conditions: tuple = ()  # the text's side: the search's own conditions, tested on the rows read for the page
    counted: int | None = None  # its matches counted up to MATCH_LIMIT + 1 on the way (total() need not count)

    @property
    def condition(self) -> ColumnElement[bool]:
        return self.within()

    def within(self, *circle: ColumnElement[bool]) -> ColumnElement[bool]:
        """The side's matches (in the circle, when its terms are given). A minimum rating's ranges test the circle
        on the rank index's entries, which carry each center's place (0028): only the rows of the matches in the
        circle are read ("4.8 and up, men only, physiotherapy" within 50 km of Karachi at 1M: 39 of ~1,900)."""
        if self.conditions:  # not `id IN (the arm)`: the matches' rows were read twice (PostgreSQL, 2,452: +10 ms)
            return and_(*self.conditions, *circle)
        return Center.id.in_(union_all(*(arm.where(*circle) for arm in self.arms)))


def rated_side(session: Session, min_rating: float | None, conditions: list,
               indexed: Callable[[], list], complete: bool = False, key: Hashable = None) -> SmallSide | None:
    """The search's matches (`conditions`, which hold min_rating's) among the published centers of
    rank_ranges(min_rating), when those ranges hold at most RANGE_LIMIT centers (None otherwise); `few` when at most
    MATCH_LIMIT of them pass `indexed()` (the conditions whose columns the index holds: rating, gender, kind, massage
    types, amenities; tested on its entries alone).

    Each range is read with every condition: only the matches' rows are read (0.7 ms at 1M for the issue's rare
    combination; 9 ms when each of the 3,600 centers showing 5.0 stars was read). `complete`: the count is the
    search's total (no place, and `indexed()` holds every filter: no text, price range, open now or verified), so it
    is counted fresh. Otherwise the count only chooses the way, and is remembered for a few minutes under `key`
    (the indexed filters' values, when given), as the ranges' sizes are: reading the ranges cost as much again as
    the page that reads them ("4.8 and up, men only, physiotherapy" within 50 km of Karachi at 1M: 2.7 ms of 8)."""
    if min_rating is None or _ranges_size(session, min_rating) > RANGE_LIMIT:
        return None
    published = Center.status == CenterStatus.PUBLISHED
    ranges = rank_ranges(min_rating)

    def count() -> int:
        matches = union_all(*(select(Center.id).where(published, rank_range, *indexed()) for rank_range in ranges))
        return session.scalar(select(func.count()).select_from(matches.limit(MATCH_LIMIT + 1).subquery())) or 0

    counted = count() if complete or key is None else SIZES.get(session, ("matches", key), count)
    return SmallSide(ranges, [select(Center.id).where(published, rank_range, *conditions) for rank_range in ranges],
                     counted <= MATCH_LIMIT, counted=counted if complete else None)


def text_side(conditions: list) -> SmallSide:
    """The matches of a search whose text few documents hold (search_text.few_limit; `conditions` hold its
    `Center.id IN (matches)`, which the planners read first)."""
    return SmallSide([None], [select(Center.id).where(Center.status == CenterStatus.PUBLISHED, *conditions)], True,
                     tuple(conditions))


def verified_side(session: Session, verified: bool, today: date, conditions: list) -> SmallSide | None:
    """The matches of a search for verified therapists (`conditions` hold its per-center test) among the centers
    that have one, when those are at most MATCH_LIMIT (their number remembered a few minutes, as the ranges' sizes
    are: a stale one only chooses the other way to the same answer); None otherwise."""
    if not verified:
        return None
    centers = (select(Therapist.center_id).join(Credential, Credential.therapist_id == Therapist.id)
               .where(current_verified(today)))

    def count() -> int:
        distinct = centers.distinct().limit(MATCH_LIMIT + 1).subquery()
        return session.scalar(select(func.count()).select_from(distinct)) or 0

    if SIZES.get(session, ("verified", today), count) > MATCH_LIMIT:
        return None
    among = Center.id.in_(centers)  # read first: the planners start from the few
    return SmallSide([None], [select(Center.id).where(Center.status == CenterStatus.PUBLISHED, among, *conditions)],
                     True, (among, *conditions))


def night_page(session: Session, origin: Place, radius_km: float, conditions: list, scope: tuple, sort: str,
               lines: filters.PriceLines, offset: int, limit: int,
               now_utc: datetime) -> tuple[list[int], int | None] | None:
    """A page of the rating, review or price sort of an "open now" search at night in a circle (`scope`:
    (search_filters.night_scope(),), which the conditions imply) and the number of its matches when it was counted
    on the way (None: the caller counts); None when neither way below can read it (the caller reads in the sort's
    order: where ~1% is open, some 10,000 rows for a page, 184-194 ms at 1M within 50 km of Karachi).

    First pages (of the price sort over the whole menu, no types or range chosen): read in the sort's order from
    the night's indexes (night_walk), where the circle holds a fair share of the night's centers. Else the circle's
    matches sorted whole, when at most NIGHT_LIMIT (_night_sorted)."""
    whole_menu = not lines.service_ids and lines.low is None and lines.high is None
    if (sort != "price" or whole_menu) and offset + limit <= NIGHT_WALK_ROWS:
        walked = night_walk(session, origin, radius_km, conditions, sort, offset, limit, now_utc)
        if walked is not None:
            return walked, None
    return _night_sorted(session, origin, radius_km, conditions, scope, sort, lines, offset, limit, now_utc,
                         NIGHT_LIMIT)


def _night_sorted(session: Session, origin: Place, radius_km: float, conditions: list, scope: tuple, sort: str,
                  lines: filters.PriceLines, offset: int, limit: int, now_utc: datetime,
                  cap: int) -> tuple[list[int], int] | None:
    """night_page's matches in the circle sorted whole, and their number, when at most `cap`; else None. One
    statement: at most cap + 1 matches from the night index, with the columns the sorts read (all on it), sorted
    and counted (counting them first, then reading them again to sort, cost one more pass: ~3 ms of 12)."""
    terms = CircleTerms.around(origin.latitude, origin.longitude, radius_km)
    found = (select(Center.id, Center.rating_count, Center.rating_sum, Center.confirmed_at, Center.name)
             .where(Center.status == CenterStatus.PUBLISHED, terms.box, *scope, *conditions, terms.within)
             .limit(cap + 1).subquery("night"))
    order = whole_order(sort, lines, now_utc, found.c)  # the sort's terms on those columns
    rows = session.execute(select(found.c.id, func.count().over()).order_by(*order).offset(offset).limit(limit),
                           terms.params).all()
    if rows or not offset:
        counted = rows[0][1] if rows else 0
    else:  # a page past the end: count them alone
        counted = session.scalar(select(func.count()).select_from(found), terms.params) or 0
    return None if counted > cap else ([center_id for center_id, _ in rows], counted)


def night_walk(session: Session, origin: Place, radius_km: float, conditions: list, sort: str, offset: int,
               limit: int, now_utc: datetime) -> list[int] | None:
    """A page of the rating, review or price sort (over the whole menu) of an "open now" search at night in a
    circle, read in the sort's order from the centers open at some night hour (ix_centers_night_rating_rank,
    _review_rank, _lowest_price_key: each holds the place, the hours and the filters, so each entry is tested on
    the index and only the matches' rows are read), among the first NIGHT_WALK entries in that order; None when
    those hold less than the page (the caller sorts the circle's matches whole).

    Sorting the circle's matches whole read every night entry in its box and sorted them all (within 50 km of
    Karachi at 1M: 9,600 entries, 2,351 matches, 3.4 ms of SQL for the rating sort, 6.5 for the price sort, which
    looked up each one's menu; ten times that at 10M). In the sort's order a page takes about (night entries /
    matches in the circle) x its rows: ~500 entries there, whatever the number of centers. The walk stops short of
    the NIGHT_WALK-th entry's key (night_bound): every match before it is read, so a page filled from them is the
    page. A circle holding a small share of the night's centers (5 km: ~0.5%) falls back, having read up to
    NIGHT_WALK entries of the index (0.1-0.3 ms); a larger NIGHT_WALK served more of those and cost more where
    it did not (5,000: +0.8 ms on SQLite, +3 on PostgreSQL)."""
    key = getattr(Center, NIGHT_SORT_KEYS[sort])
    bound = night_bound(session, sort)
    terms = CircleTerms.around(origin.latitude, origin.longitude, radius_km)
    # SQLite: the box before the distance, tested on each entry. PostgreSQL: no box, or in a small circle it read
    # the rating index of every center (its box a seek there) and each row for its hours (5 km: 5 ms, not 0.3)
    box = [terms.box_tested] if session.get_bind().dialect.name == "sqlite" else []
    before = [] if bound is None else [key < bound if sort == "price" else key > bound]
    if sort == "price":  # the key is sort_order's price over the whole menu
        order = [key, filters.stale_last(now_utc), Center.name, Center.id]
    else:
        order = sort_order(sort, filters.PriceLines(), now_utc)
    ids = list(session.scalars(select(Center.id)
                               .where(Center.status == CenterStatus.PUBLISHED, *before, *conditions, *box,
                                      terms.within)
                               .order_by(*order).offset(offset).limit(limit), terms.params))
    return ids if len(ids) == limit or bound is None else None


def night_bound(session: Session, sort: str) -> int | None:
    """The sort's key (rating or review rank, lowest price) of the NIGHT_WALK-th center open at some night hour in
    that sort's order (None when there are fewer), remembered for a few minutes: a stale one only moves where a
    walk stops, each match before it still read."""
    key = getattr(Center, NIGHT_SORT_KEYS[sort])

    def read() -> int | None:
        return session.scalar(select(key).where(Center.status == CenterStatus.PUBLISHED, filters.night_scope())
                              .order_by(key if sort == "price" else key.desc()).offset(NIGHT_WALK - 1).limit(1))

    return SIZES.get(session, ("night bound", sort), read)


def _ranges_size(session: Session, min_rating: float) -> int:
    """Published centers in rank_ranges(min_rating), up to RANGE_LIMIT + 1, remembered for a few minutes (the
    count reads up to RANGE_LIMIT index entries; a stale size only chooses the other way to the same answer)."""
    def count() -> int:
        published = Center.status == CenterStatus.PUBLISHED
        entries = union_all(*(select(Center.id).where(published, rank_range)
                              for rank_range in rank_ranges(min_rating)))
        return session.scalar(select(func.count()).select_from(entries.limit(RANGE_LIMIT + 1).subquery())) or 0

    return SIZES.get(session, math.floor(min_rating * 10 + 1e-9), count)


def page(session: Session, side: SmallSide, sort: str, origin: Place | None, radius_km: float,
         lines: filters.PriceLines, offset: int, limit: int, now_utc: datetime) -> tuple[list[int], int]:
    """A page of any sort among a small side's matches, in a circle when there is an origin, sorted whole, and their
    number (counted on the same read)."""
    conditions, params = _in_circle(side, origin, radius_km)
    if sort == "distance":
        order = [CircleTerms.distance, Center.id]
    else:
        order = sort_order(sort, lines, now_utc, whole=True)
    rows = session.execute(select(Center.id, func.count().over())
                           .where(Center.status == CenterStatus.PUBLISHED, *conditions)
                           .order_by(*order).offset(offset).limit(limit), params).all()
    if rows or not offset:
        return [center_id for center_id, _ in rows], rows[0][1] if rows else 0
    return [], total(session, side, origin, radius_km, MATCH_LIMIT)[0]  # a page past the end counts alone


def total(session: Session, side: SmallSide, origin: Place | None, radius_km: float, cap: int) -> tuple[int, bool]:
    """The exact number of a small side's matches (in the circle, when there is an origin) up to `cap`, and whether
    there are more. Without an origin, from the index alone where the filters allow, or the side's own count."""
    if origin is None and side.counted is not None and cap <= MATCH_LIMIT:
        return min(side.counted, cap), side.counted > cap
    conditions, params = _in_circle(side, origin, radius_km)
    if origin is None:
        found = union_all(*side.arms).limit(cap + 1).subquery()
    else:
        found = select(Center.id).where(Center.status == CenterStatus.PUBLISHED, *conditions).limit(cap + 1).subquery()
    counted = session.scalar(select(func.count()).select_from(found), params) or 0
    return min(counted, cap), counted > cap


def _in_circle(side: SmallSide, origin: Place | None, radius_km: float) -> tuple[list, dict]:
    """The side's condition, in the circle when there is an origin, with the values of the circle's bind
    parameters."""
    if origin is None:
        return [side.condition], {}
    terms = CircleTerms.around(origin.latitude, origin.longitude, radius_km)
    return [side.within(terms.within)], terms.params
