"""Finding centers: one search function behind the HTML results page and the JSON API."""
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from ..geo.gazetteer import Place
from ..geo.nearby import count_within, nearby
from ..models import Center, CenterStatus, Service
from ..models.center_index import AMENITY_BITS, RANK_MIN_RATED
from ..text import N_
from . import search_filters as filters
from . import search_rare, search_text
from . import search_sorts as sorts
from .errors import ServiceError
from .hours import local_now
from .open_cells import open_zones_near
from .pagination import Paged
from .search_cards import Hit, cards
from .search_sorts import RatingKey  # the API's cursor (blueprints/search/args.py)

SORTS = ("distance", "rating", "reviews", "price")
# 3: the rating sort lists centers with fewer reviews after the rated ones, and the page says so
MIN_RATED = RANK_MIN_RATED
COUNT_CAP = 200
# Index entries of the circle's box a filtered total reads at most (~1 ms at 1M): where few centers match (open now
# at 02:30, ~1%; verified only), the total is then a lower bound, "17+", as the cap makes "200+" of larger ones.
COUNT_BUDGET = 2_000
PRICE_TESTS = 4  # candidates the price sort tests in a circle per match it reads, beside the other sorts
MAX_PAGE = 50  # deep offsets read every row before them: pages stop here, as Google's and Yelp's do (<= 4,900 rows)


class SearchError(ServiceError):
    """A search that cannot run as asked; names the field to fix."""


@dataclass
class SearchQuery:
    """What a visitor asked for, already type-checked (see blueprints/search/args.py)."""

    near: str = ""
    lat: float | None = None
    lng: float | None = None
    radius_km: float = 10.0
    q: str = ""
    services: list[str] = field(default_factory=list)
    min_rating: float | None = None
    min_price: int | None = None
    max_price: int | None = None
    open_now: bool = False
    verified: bool = False
    gender: list[str] = field(default_factory=list)
    amenities: list[str] = field(default_factory=list)  # keys of models.center.AMENITY_BITS; a center needs them all
    kind: str | None = None
    sort: str | None = None
    page: int = 1
    per_page: int = 20
    place: Place | None = None  # an origin the one-box interpreter already found (services/one_box.py)
    # Keyset position (RatingKey of the last hit seen) for the rating sort without a place: the API's `next` cursor.
    after: "RatingKey | None" = None


@dataclass
class SearchResult(Paged):
    hits: list[Hit]
    total: int
    capped: bool
    page: int
    per_page: int
    origin: Place | None
    sort: str
    next_after: "RatingKey | None" = None  # where the next page starts, when it can be read by keyset


def search(session: Session, query: SearchQuery, *, geocode: Callable[[str], Place | None], timezone: str,
           now_utc: datetime | None = None) -> SearchResult:
    """Run a search: resolve the origin, apply every filter, sort, and return one page.

    `timezone` (the app's DEFAULT_TIMEZONE) says which day it is for credentials that expire.
    """
    now_utc = now_utc or datetime.now(UTC)
    today = local_now(timezone, now_utc).date()
    origin = resolve_origin(query, geocode)
    sort = query.sort or ("distance" if origin else "rating")
    if sort == "distance" and origin is None:
        raise SearchError(_l("Sorting by distance needs a place or your location."), "sort")
    service_ids = resolve_services(session, query.services)
    if query.after is not None and (sort != "rating" or origin is not None):
        raise SearchError(_l("This cursor continues a rating-sorted search without a place: start again without it."),
                          "cursor")
    zones = None  # open now near a place: the time zones of the circle where something may be open now
    if query.open_now and origin:
        zones = open_zones_near(session, origin.latitude, origin.longitude, query.radius_km, now_utc)
        if not zones:
            return SearchResult(hits=[], total=0, capped=False, page=query.page, per_page=query.per_page,
                                origin=origin, sort=sort)
    offset = (query.page - 1) * query.per_page
    # a text's condition depends on how many documents match it and how many matches the search reads
    texted = search_text.match(session, query.q, _text_reads(sort, origin, offset, query.per_page))
    conditions = build_conditions(session, query, service_ids, now_utc, today, texted, zones)
    lines = filters.PriceLines(tuple(service_ids), query.min_price, query.max_price)  # what a center's price is
    next_after, known = None, None  # known: (total, capped) when the search counted the circle on its way
    # A minimum rating few centers reach: its ranges of the rank index (the rating sort reads them in turn) and, if
    # few of their centers match, only those (any sort, sorted whole); services/search_rare.py.
    rated = search_rare.rated_side(session, query.min_rating, conditions,
                                   lambda: _indexed_conditions(session, query, service_ids, now_utc, today),
                                   complete=origin is None and texted is None and lines.low is None
                                   and lines.high is None and not query.open_now and not query.verified,
                                   key=_indexed_key(query, service_ids))
    # A text few documents hold, few verified centers, or few open at night in the circle: those centers alone,
    # sorted whole (services/search_text.py, search_rare.verified_side, night_page).
    few_text = texted is not None and texted.few
    verified = (None if few_text or (rated is not None and rated.few)
                else search_rare.verified_side(session, query.verified, today, conditions))
    # at night (or in the midnight hour), open now reads the centers open at some hour of it (their index) rather
    # than every center near
    quiet = filters.quiet_scope(zones, now_utc) if zones else None
    scope = () if quiet is None else (quiet,)
    night = (search_rare.night_page(session, origin, query.radius_km, conditions, scope, sort, lines, offset,
                                    query.per_page, now_utc)
             if scope and filters.at_night(zones, now_utc) and sort != "distance" and not few_text
             and verified is None and not (rated and rated.few)
             else None)
    side = search_rare.text_side(conditions) if few_text else verified or rated
    whole = few_text or verified is not None
    if sort == "rating" and origin is None:
        ranges = rated.ranges if rated is not None and not whole else [None]
        ids, next_after, counted = sorts.rating_page(session, list(side.conditions) if whole else conditions, ranges,
                                                     query.after, offset, query.per_page, now_utc, whole=whole)
        if counted is not None:
            known = (min(counted, COUNT_CAP), counted > COUNT_CAP)
    elif night is not None:  # the page, and its count when read together (else counted below)
        ids, counted = night
        known = None if counted is None else (min(counted, COUNT_CAP), counted > COUNT_CAP)
    elif side is not None and side.few:
        ids, counted = search_rare.page(session, side, sort, origin, query.radius_km, lines, offset, query.per_page,
                                        now_utc)
        known = (min(counted, COUNT_CAP), counted > COUNT_CAP)
    elif sort == "distance":
        pairs = nearby(session, origin.latitude, origin.longitude, radius_km=query.radius_km,
                       limit=query.per_page, offset=offset, where=conditions)
        ids = [center_id for center_id, _ in pairs]
    elif sort == "price" and origin is None:
        ids = sorts.price_page(session, lines, conditions, offset, query.per_page, now_utc)
    elif sort == "price" and origin and (lines.low is not None or lines.high is not None):
        ids, known = sorts.ranged_price_page(session, origin, query.radius_km, service_ids, lines, conditions,
                                             offset, query.per_page, now_utc, COUNT_CAP)
    elif origin is not None:
        ids, counted = sorts.circle_page(session, sort, origin, query.radius_km, lines, conditions, offset,
                                         query.per_page, now_utc)
        if counted is not None:  # the circle was counted on the way (to DENSE_CIRCLE): over it "200+", else exact
            in_circle, dense = counted
            known = (COUNT_CAP, True) if dense else (min(in_circle, COUNT_CAP), in_circle > COUNT_CAP)
    else:
        ids = sorts.sorted_ids(session, sort, lines, conditions, offset, query.per_page, now_utc)
    if query.page == 1 and query.after is None and len(ids) < query.per_page:
        total, capped = len(ids), False  # the first page holds everything: no need to count
    elif known is not None:
        total, capped = known
    elif side is not None and (side.few or origin is None):
        total, capped = search_rare.total(session, side, origin, query.radius_km, COUNT_CAP)
    elif origin is not None:
        total, capped = count_within(session, origin.latitude, origin.longitude, radius_km=query.radius_km,
                                     where=conditions, cap=COUNT_CAP, budget=COUNT_BUDGET, scope=scope)
    else:
        total, capped = _count(session, conditions, texted)
    if capped:  # a lower bound: no less than the centers up to this page (at most the cap, as counted ones)
        total = max(total, min(offset + len(ids), COUNT_CAP))
    return SearchResult(hits=cards(session, ids, origin, today, lines), total=total, capped=capped,
                        page=query.page, per_page=query.per_page, origin=origin, sort=sort, next_after=next_after)


def _text_reads(sort: str, origin: Place | None, offset: int, per_page: int) -> int:
    """How many matches a search reads by testing candidates, which chooses how its text is tested
    (search_text.match): a page and its total; for the rating and review sorts without a place, which test one
    index entry per center in the sort's order, the page alone (_count reads the text's total from the full-text
    index). The price sort's lines test a center more than once, and a price's stale listings wait for its end: in a
    circle, where it reads lines in batches to the end of a price, about PRICE_TESTS times as many."""
    if origin is None and sort in ("rating", "reviews"):
        return offset + per_page + 1
    return (offset + per_page + COUNT_CAP) * (PRICE_TESTS if origin is not None and sort == "price" else 1)


def resolve_origin(query: SearchQuery, geocode: Callable[[str], Place | None]) -> Place | None:
    if (query.lat is None) != (query.lng is None):
        raise SearchError(_l("Give both latitude and longitude."), "lat" if query.lat is None else "lng")
    if query.place is not None:
        return query.place
    if query.lat is not None:
        return Place(round(query.lat, 7), round(query.lng, 7), N_("Your location"), "point")
    if query.near.strip():
        place = geocode(query.near)
        if place is None:
            raise SearchError(_l("We could not find “%(place)s”. Try a neighbourhood or city.",
                                 place=query.near.strip()), "near")
        return place
    return None


# Built once and run on the connection (Core): built and run through the ORM each search, it cost ~0.3 ms
_SERVICE_IDS = select(Service.slug, Service.id).where(Service.slug.in_(bindparam("slugs", expanding=True)))


def resolve_services(session: Session, slugs: list[str]) -> list[int]:
    if not slugs:
        return []
    found = dict(session.connection().execute(_SERVICE_IDS, {"slugs": slugs}).all())
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise SearchError(_l("Unknown massage type: %(slugs)s.", slugs=", ".join(unknown)), "service")
    return list(found.values())


def resolve_amenities(keys: list[str]) -> list[str]:
    unknown = [key for key in keys if key not in AMENITY_BITS]
    if unknown:
        raise SearchError(_l("Unknown amenity: %(amenities)s. Choose from %(choices)s.",
                             amenities=', '.join(unknown), choices=', '.join(AMENITY_BITS)), "amenity")
    return keys


def build_conditions(session: Session, query: SearchQuery, service_ids: list[int], now_utc: datetime,
                     today: date, texted: search_text.TextMatch | None = None,
                     zones: tuple[str, ...] | None = None) -> list:
    """SQL conditions for the query's filters; the menu condition (massage types, price range), when any, first.
    `texted`: search_text.match(session, query.q), when the caller has it (SQLite may have written its matches).
    `zones`: for "open now" in a circle, the time zones where something there may be open (open_zones_near)."""
    conditions = []
    if service_ids or query.min_price is not None or query.max_price is not None:
        conditions.append(filters.menu_condition(service_ids, query.min_price, query.max_price))
    if query.min_rating is not None:
        conditions.append(filters.min_rating_condition(query.min_rating))
    if query.gender:
        conditions.append(Center.gender_policy.in_(query.gender))
    if query.amenities:
        conditions.append(filters.amenities_condition(resolve_amenities(query.amenities)))
    if query.kind:
        conditions.append(Center.kind == query.kind)
    if query.verified:
        conditions.append(filters.verified_condition(today))
    if query.open_now:
        conditions.append(filters.open_now_condition(session, now_utc, zones))
    matched = texted or search_text.match(session, query.q)
    if matched is not None:
        conditions.append(matched.condition)
    return conditions


def _indexed_conditions(session: Session, query: SearchQuery, service_ids: list[int], now_utc: datetime,
                        today: date) -> list:
    """The filters the rating sort's index can test on its entries (rating, gender, kind, massage types without a
    price range, amenities): build_conditions without text, price, open now and verified."""
    plain = dataclasses.replace(query, q="", min_price=None, max_price=None, open_now=False, verified=False)
    return build_conditions(session, plain, service_ids, now_utc, today)


def _indexed_key(query: SearchQuery, service_ids: list[int]) -> tuple:
    """The values _indexed_conditions tests, as a key to remember their matches' number by."""
    return (query.min_rating, tuple(sorted(query.gender)), query.kind, tuple(sorted(service_ids)),
            tuple(sorted(query.amenities)))


def _count(session: Session, conditions: list, texted: search_text.TextMatch | None = None) -> tuple[int, bool]:
    """The total without a place: published centers up to COUNT_CAP; with filters, the matches among the first
    COUNT_BUDGET published centers by id (a lower bound, True, when there are more), as near a place. `texted`:
    the search's text, when it has one (its condition is among `conditions`)."""
    published = Center.status == CenterStatus.PUBLISHED
    if not conditions:
        total = session.scalar(select(func.count()).select_from(
            select(Center.id).where(published).limit(COUNT_CAP + 1).subquery())) or 0
        return min(total, COUNT_CAP), total > COUNT_CAP
    if texted is not None and texted.fts is not None:
        return _count_text(session, conditions, texted)
    # CASE: SQLite stops at the first false condition, as in a WHERE (see nearby._budgeted_count_query)
    # The first COUNT_BUDGET by id: a sample in the order centers were listed, not in an index's order by kind or
    # gender (ix_centers_status_rating_rank's). SQLite: status as an expression, so it reads the table in id order
    # rather than an index led by status whole, then sorts; PostgreSQL reads the primary key in order either way
    # (and the expression's guessed selectivity, 0.5%, had it start parallel workers for 2,000 rows: 1 -> 10 ms).
    in_order = Center.status.concat("") if session.get_bind().dialect.name == "sqlite" else Center.status
    entries = (select(case((and_(*conditions), 1), else_=0).label("ok"))
               .where(in_order == CenterStatus.PUBLISHED.value).order_by(Center.id)
               .limit(COUNT_BUDGET).subquery())
    found = select(entries.c.ok).where(entries.c.ok == 1).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(found)) or 0
    if total > COUNT_CAP:
        return COUNT_CAP, True
    read = session.scalar(select(func.count()).select_from(
        select(Center.id).where(published).limit(COUNT_BUDGET + 1).subquery())) or 0
    return total, read > COUNT_BUDGET


def _count_text(session: Session, conditions: list, texted: search_text.TextMatch) -> tuple[int, bool]:
    """_count with a text on SQLite: the same sample (the first COUNT_BUDGET published centers by id), its matches
    read from the full-text index up to the sample's last id rather than each center's document tested ("spa",
    a third of centers, tests ~600 for 200 matches: 2.7 ms)."""
    # the sample's last id and whether any published center follows it (table order: status as an expression)
    last = session.scalars(select(Center.id).where(Center.status.concat("") == CenterStatus.PUBLISHED.value)
                           .order_by(Center.id).offset(COUNT_BUDGET - 1).limit(2)).all()
    bound = last[0] if last else None  # None: fewer published centers than the budget, every one in the sample
    text_terms = [texted.condition] if bound is None else [texted.up_to(bound), Center.id <= bound]
    others = [condition for condition in conditions if condition is not texted.condition]
    found = select(Center.id).where(Center.status == CenterStatus.PUBLISHED, *others, *text_terms).limit(
        COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(found)) or 0
    if total > COUNT_CAP:
        return COUNT_CAP, True
    return total, len(last) > 1
