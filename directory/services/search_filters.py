"""SQL conditions for each search filter; the HTML search and the API share them through services/search.py."""
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, exists, false, func, literal_column, or_, select
from sqlalchemy.orm import Session

from ..models import Center, CenterService, Credential, OpeningHours, SpecialClosure, Therapist
from ..models.center_index import (
    MIDNIGHT_HOURS,
    NIGHT_HOURS,
    amenity_mask,
    hour_bit,
    night_masks,
    service_bit,
    week_masks,
)
from .credentials import STALE_LISTING, current_verified
from .hours import local_now
from .remembered import Remembered

TIMEZONES = Remembered(seconds=300, limit=16)  # a new time zone appears only when a center abroad is added


def menu_condition(service_ids: list[int], min_price: int | None, max_price: int | None) -> ColumnElement[bool]:
    """Offers at least one of the services (any, if none given) within the price-per-60-minutes range.

    The services alone are answered from Center.services_mask, a column of the spatial index; a price range still
    looks at the menu lines (after the mask has ruled out centers without the services).
    """
    bits = [service_bit(service_id) for service_id in service_ids]
    masked = bool(service_ids) and all(bits)
    by_mask = Center.services_mask.op("&")(sum(bits)) != 0
    if masked and min_price is None and max_price is None:
        return by_mask
    conditions = [CenterService.center_id == Center.id]
    if service_ids:
        conditions.append(not_a_seek(CenterService.service_id).in_(service_ids))
    if min_price is not None:
        conditions.append(CenterService.price_key >= min_price)
    if max_price is not None:
        conditions.append(CenterService.price_key <= max_price)
    return and_(by_mask, exists().where(*conditions)) if masked else exists().where(*conditions)


def not_a_seek(column):
    """The column as an expression (`column + 0`), so SQLite does not seek an index by it.

    For `service_id IN (...)` beside the price: SQLite 3.40.1 (Debian 12's, which Python uses here) answers
    `center_id = ? AND service_id IN (...) AND price_per_hour <= ?` and `min(price_per_hour)` under the same
    `WHERE` wrongly through ix_center_services_center_service_price once ANALYZE has run (its IN-scan shortcut,
    OP_SeekScan): "deep tissue or Swedish up to PKR 2,500" matched 23,373 of the 100k bench centers instead of
    1,252, and a card showed the first chosen type's lowest price instead of the lowest of all chosen
    (tests/services/test_sqlite_seekscan.py). Seeking by center_id alone reads the center's few menu lines, as fast.
    PostgreSQL plans it the same way. (The index and these conditions use price_key, the plain copy, since 0027.)"""
    return column + 0


def amenities_condition(keys: list[str]) -> ColumnElement[bool]:
    """Has every one of these amenities: all their bits set in Center.amenities_mask, a column of the spatial index."""
    bits = amenity_mask(keys)
    return Center.amenities_mask.op("&")(bits) == bits


@dataclass(frozen=True)
class PriceLines:
    """The menu lines that give a center its price in a search: of the chosen types (any, when none is chosen) and
    within the price range when one is set. The card's "from" price and the price sort both take the lowest of them,
    so a search for PKR 3,000-4,000 shows and sorts by a price in that range (as Fresha and Google do)."""

    service_ids: tuple[int, ...] = ()
    low: int | None = None
    high: int | None = None

    def conditions(self, line) -> list:
        """SQL conditions on `line` (CenterService or an alias of it) for these lines, its center aside."""
        return price_line_conditions(line, self.service_ids or None, self.low, self.high)


def price_line_conditions(line, service_ids, low, high) -> list:
    """PriceLines' conditions from values or bind parameters (None: no condition)."""
    conditions = []
    if service_ids is not None:
        conditions.append(not_a_seek(line.service_id).in_(service_ids))
    if low is not None:
        conditions.append(line.price_key >= low)
    if high is not None:
        conditions.append(line.price_key <= high)
    return conditions


def lowest_price(lines: PriceLines, center_id=Center.id):
    """Scalar subquery: the center's (`center_id`'s) lowest price per 60 minutes among `lines` (price_key,
    price_per_hour's plain copy: read from ix_center_services_center_service_price alone)."""
    return (select(func.min(CenterService.price_key))
            .where(CenterService.center_id == center_id, *lines.conditions(CenterService)).scalar_subquery())


def stale_last(now_utc: datetime, confirmed_at=Center.confirmed_at):
    """Sort key: 0 for listings confirmed within 180 days, 1 for the rest (they rank after current ones)."""
    return case((confirmed_at >= stale_cutoff(now_utc), 0), else_=1)


def stale_cutoff(now_utc: datetime) -> datetime:
    """Listings confirmed before this (naive UTC, as stored) are stale."""
    return now_utc.astimezone(UTC).replace(tzinfo=None) - STALE_LISTING


def min_rating_condition(min_rating: float) -> ColumnElement[bool]:
    """Average at least min_rating as shown (one decimal), so a 3.96 shown as 4.0 passes "4+"."""
    return and_(Center.rating_count > 0, Center.rating_sum >= (min_rating - 0.05) * Center.rating_count)


def verified_condition(today: date) -> ColumnElement[bool]:
    """At least one therapist with a current verified credential. The join written as one: as two FROM entries
    linked in WHERE, SQLAlchemy's linter took them for a cartesian product inside PostgreSQL's LATERAL count
    (nearby._budgeted_count_query) and warned at each compile; the SQL means the same to both planners."""
    return exists(select(Therapist.id).join(Credential, Credential.therapist_id == Therapist.id)
                  .where(Therapist.center_id == Center.id, current_verified(today)))


def _closed_on(day: date) -> ColumnElement[bool]:
    """A closure of the span's center covers this (local) date: spans starting that day do not happen (hours.py)."""
    return exists().where(SpecialClosure.center_id == OpeningHours.center_id, SpecialClosure.starts_on <= day,
                          SpecialClosure.ends_on >= day)


def open_now_condition(session: Session, now_utc: datetime,
                       zones: tuple[str, ...] | None = None) -> ColumnElement[bool]:
    """Open at this moment in each center's own time zone, including yesterday's spans past midnight.

    Answered from the spatial index (Center.timezone and the hour masks are columns of it) for every center but
    those opening or closing during the current local hour, or with special closures: no bit in hours_mask, closed;
    a bit in hours_full, open all this hour. Only the rest get the exact test on their opening hours and closures.
    Equal to open_now_exact() (services/hours_mask.py keeps the masks exact).

    `zones`: the only time zones anything may be open in (open_cells.open_zones_near, for a search in a circle);
    every zone centers are in, when None. Where it is night (or the midnight hour) in each of them, the condition
    starts with quiet_scope()'s (implied by the rest), so the database may read that hour's partial index alone.
    """
    zones = tuple(timezones(session)) if zones is None else zones
    minute = now_utc.replace(second=0, microsecond=0)
    key = (zones, minute)
    condition = _OPEN_NOW.get(key)
    if condition is None:
        if len(_OPEN_NOW) > 64:
            _OPEN_NOW.clear()
        condition = _OPEN_NOW[key] = _open_now_masked(zones, minute)
    return condition


_OPEN_NOW: dict[tuple, ColumnElement[bool]] = {}  # built once a minute: building it costs as much as running it


def _open_now_masked(zones: tuple[str, ...], now_utc: datetime) -> ColumnElement[bool]:
    """open_now_condition() for these zones at this minute (opening times are whole minutes, OpeningHours checks:
    the answer is the same for every second of the minute)."""
    moments = {zone: local_now(zone, now_utc) for zone in zones}
    clauses = []
    for zone, local in moments.items():
        column, bit = hour_bit(local.weekday() * 24 + local.hour)
        some = (Center.hours_mask_0, Center.hours_mask_1, Center.hours_mask_2)[column]
        full = (Center.hours_full_0, Center.hours_full_1, Center.hours_full_2)[column]
        clauses.append(and_(Center.timezone == zone, has_bits(some, bit), or_(has_bits(full, bit), _open_at(local))))
    if not clauses:
        return false()
    condition = and_(hours_prefilter(list(moments.values())), or_(*clauses))
    scope = quiet_scope(zones, now_utc)
    return condition if scope is None else and_(scope, condition)


def at_night(zones: tuple[str, ...], now_utc: datetime) -> bool:
    """Whether the local hour is a night hour (center_index.NIGHT_HOURS) in each of these zones (False for none)."""
    return _hour_in(zones, now_utc, NIGHT_HOURS)


def quiet_scope(zones: tuple[str, ...], now_utc: datetime) -> ColumnElement[bool] | None:
    """The WHERE of the partial index of the centers that may be open now, where the local hour is a night hour in
    each of these zones (night_scope) or the midnight hour in each (midnight_scope); None otherwise."""
    if at_night(zones, now_utc):
        return night_scope()
    return midnight_scope() if _hour_in(zones, now_utc, MIDNIGHT_HOURS) else None


def _hour_in(zones: tuple[str, ...], now_utc: datetime, hours: range) -> bool:
    return bool(zones) and all(local_now(zone, now_utc).hour in hours for zone in zones)


@functools.cache
def night_scope() -> ColumnElement[bool]:
    """Open at some minute of some night hour of the week: the WHERE of ix_centers_spatial_night, written the same
    way (NIGHT_SQL: SQLite and PostgreSQL use a partial index only for a WHERE that holds its own)."""
    return _week_scope(night_masks())


@functools.cache
def midnight_scope() -> ColumnElement[bool]:
    """Open at some minute of the midnight hour on some day: the WHERE of ix_centers_spatial_midnight (MIDNIGHT_SQL),
    as night_scope() is of the night's."""
    return _week_scope(week_masks(MIDNIGHT_HOURS))


def _week_scope(masks: tuple[int, int, int]) -> ColumnElement[bool]:
    columns = (Center.hours_mask_0, Center.hours_mask_1, Center.hours_mask_2)
    return or_(*(has_bits(column, mask) for column, mask in zip(columns, masks, strict=True)))


def has_bits(column, bits: int) -> ColumnElement[bool]:
    """Some of these bits set in an hours mask, the numbers written into the SQL. As bind parameters, SQLite saw
    them compared with ix_centers_spatial_night's own numbers when it weighed that index, and prepared every
    statement testing a mask again at each run, its values having changed (+0.1-0.2 ms each)."""
    return column.op("&")(literal_column(str(int(bits)))) != literal_column("0")


def hours_prefilter(moments: list[datetime]) -> ColumnElement[bool]:
    """Open at some minute of the local hour of any of these moments (one integer test per mask column)."""
    bits = [0, 0, 0]
    for local in moments:
        column, bit = hour_bit(local.weekday() * 24 + local.hour)
        bits[column] |= bit
    columns = (Center.hours_mask_0, Center.hours_mask_1, Center.hours_mask_2)
    tests = [has_bits(column, bit) for column, bit in zip(columns, bits, strict=True) if bit]
    return or_(*tests) if tests else false()


def open_now_exact(session: Session, now_utc: datetime) -> ColumnElement[bool]:
    """The exact test alone (what "open now" was before the masks): a span covers this moment in the center's zone."""
    clauses = [and_(Center.timezone == zone, _open_at(local_now(zone, now_utc))) for zone in timezones(session)]
    return or_(*clauses) if clauses else false()


def _open_at(local: datetime) -> ColumnElement[bool]:
    """A span of the center's hours covers this local wall-clock time (today's, or yesterday's past midnight)."""
    today, moment = local.weekday(), local.time().replace(microsecond=0)
    wraps = OpeningHours.closes_at <= OpeningHours.opens_at
    todays = and_(OpeningHours.weekday == today, OpeningHours.opens_at <= moment,
                  or_(OpeningHours.closes_at > moment, wraps), ~_closed_on(local.date()))
    spill = and_(OpeningHours.weekday == (today - 1) % 7, wraps, OpeningHours.closes_at > moment,
                 ~_closed_on(local.date() - timedelta(days=1)))
    return exists().where(OpeningHours.center_id == Center.id, or_(todays, spill))


def timezones(session: Session) -> list[str]:
    """Time zones centers are in, remembered for a few minutes (the scan is not free at a million rows)."""
    return TIMEZONES.get(session, "timezones", lambda: list(session.scalars(select(Center.timezone).distinct())))
