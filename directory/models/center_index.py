"""What a center's row keeps for the search's indexes, worked out from its listing: the amenity, massage-type and
opening-hours bits of its masks, its latitude band, and the rating sorts' rank expressions. Several of these are
frozen in migrations (each says which): change them only with a migration."""
import math

# The bit of each amenity in Center.amenities_mask is 1 << its position here. Append new keys at the end, never
# reorder or reuse a slot: stored masks (and migration 0009's backfill) depend on this order. The column is an
# Integer: room for 31.
AMENITY_BITS = ("couples_room", "parking", "shower", "sauna", "steam_room", "jacuzzi", "wheelchair_access",
                "female_therapists", "male_therapists", "home_visits", "card_payment", "prayer_area",
                "air_conditioned", "private_rooms")

def amenity_mask(keys) -> int:
    """The OR of the bits of these amenity keys (unknown keys have no bit)."""
    return sum(1 << AMENITY_BITS.index(key) for key in set(keys or ()) if key in AMENITY_BITS)


COORDINATE_DECIMALS = 7  # about 1 cm; also keeps PostgreSQL's float math clear of underflow on tiny differences


BANDS_PER_DEGREE = 200  # 0.005 degree, about 550 m: a small search box reads a short strip of the index


def latitude_band(latitude: float) -> int:
    """The latitude band a point falls in; the spatial index is keyed on it (migration 0007 uses the same floor)."""
    return math.floor(latitude * BANDS_PER_DEGREE)


# Center.hours_mask_0..2 and hours_full_0..2: one bit per local hour of the week (Monday 00:00-01:00 is hour 0,
# Sunday 23:00-24:00 hour 167); hour h is bit h % 56 of column h // 56 (56 bits keep every value a positive BIGINT on
# both backends). hours_mask: some minute of the hour is inside an opening span; hours_full: every minute is (and the
# center has no special closures). Frozen in migration 0019_hours_mask: change only with a migration.
HOURS_PER_MASK = 56
WEEK_HOURS = 168
WEEK_MINUTES = WEEK_HOURS * 60


def hour_bit(hour_of_week: int) -> tuple[int, int]:
    """(column 0-2, bit value) of a local hour of the week."""
    hour = hour_of_week % WEEK_HOURS
    return hour // HOURS_PER_MASK, 1 << (hour % HOURS_PER_MASK)


# "Night": local hours 01:00-08:00 of every day. Few centers open then, so ix_centers_spatial_night (the spatial
# index's columns for the centers open at some minute of a night hour, any day) lets "open now" at night read those
# few instead of every center near the point (services/search_filters.night_scope). Frozen in migration
# 0026_night_spatial_index: change only with a migration.
NIGHT_HOURS = range(1, 8)
# "Midnight": local 00:00-01:00, the hour before the night: those open until 01:00-03:00 (~10% of the bench data's
# centers at 00:30), too few for nearest-first reads of every center, more than the night's. Its own partial index,
# ix_centers_spatial_midnight (migration 0032_midnight_spatial_index, frozen there), of the centers open at some
# minute of it on some day.
MIDNIGHT_HOURS = range(0, 1)


def week_masks(hours: range) -> tuple[int, int, int]:
    """hours_mask_0..2 bits of these local hours on every day of the week."""
    masks = [0, 0, 0]
    for day in range(7):
        for hour in hours:
            column, bit = hour_bit(day * 24 + hour)
            masks[column] |= bit
    return masks[0], masks[1], masks[2]


def night_masks() -> tuple[int, int, int]:
    """hours_mask_0..2 bits of the night hours of the whole week."""
    return week_masks(NIGHT_HOURS)


def _masks_sql(masks: tuple[int, int, int]) -> str:
    return " OR ".join(f"(hours_mask_{column} & {mask}) != 0" for column, mask in enumerate(masks))


# The partial indexes' WHERE, as SQL; a query uses such an index only where its WHERE holds this very expression.
NIGHT_SQL = _masks_sql(night_masks())
MIDNIGHT_SQL = _masks_sql(week_masks(MIDNIGHT_HOURS))


def hours_masks(spans, closures: bool = False) -> tuple[int, int, int, int, int, int]:
    """hours_mask_0..2 and hours_full_0..2 of these (weekday, opens, closes) spans (times; a close not after the
    open runs past midnight, an equal one for 24 hours). With closures (any special closure), no hour is full:
    a closed date drops spans, so only the exact test can answer for such a center."""
    intervals = []
    for weekday, opens, closes in spans:
        start = weekday * 1440 + opens.hour * 60 + opens.minute
        length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        end = start + (length if length > 0 else length + 1440)  # exclusive, in minutes from Monday 00:00
        intervals += [(start, end), (start - WEEK_MINUTES, end - WEEK_MINUTES)]  # Sunday night runs into Monday
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    some, full = [0, 0, 0], [0, 0, 0]
    for start, end in merged:
        for hour in range(start // 60, (end + 59) // 60):
            column, bit = hour_bit(hour)
            some[column] |= bit
            if not closures and start <= hour * 60 and hour * 60 + 60 <= end:
                full[column] |= bit
    return (*some, *full)  # type: ignore[return-value]


MASKED_SERVICES = 62  # services with ids 1..62 have a bit in Center.services_mask; others are checked on the menu
NO_PRICE = 10**9  # the price sort's key for a center without a menu line: after every price (Center.lowest_price_key)


# Sort keys the database computes from rating_count and rating_sum (generated columns, so every write keeps them in
# step, whoever writes), each indexed with status so "top rated" and the rating sort read an index in order.
# The constants are frozen in migration 0016_rank_columns: change them only with a migration.
# rating_rank: rated (MIN_RATED=3 reviews or more) first, then the stars as cards show them (tenths, rounded half
# up), then the review count; equal ranks are ordered by freshness and rating_sum (services/search.py).
RANK_RATED = 10**12  # rating_rank's part for a rated center
RANK_STARS = 10**9  # rating_rank's part for each tenth of a star shown, plus one (so any review ranks above none)
RANK_MIN_RATED = 3  # reviews a rated center has (services/search.py's MIN_RATED)
RATING_RANK_SQL = (f"CASE WHEN rating_count >= {RANK_MIN_RATED} THEN {RANK_RATED} ELSE 0 END"
                   " + CASE WHEN rating_count > 0 THEN CAST((rating_sum * 20 + rating_count) / (rating_count * 2) + 1"
                   f" AS BIGINT) * {RANK_STARS} ELSE 0 END + rating_count")
# review_rank: the review-count sort, the count first, then the stars as shown (ties: freshness, name, id).
REVIEW_RANK_SQL = ("CAST(rating_count AS BIGINT) * 100 + CASE WHEN rating_count > 0"
                   " THEN (rating_sum * 20 + rating_count) / (rating_count * 2) + 1 ELSE 0 END")
# bayes_score: the Bayesian average (services/reviews/ratings.py: prior mean 3.5 worth 5 reviews), in double
# precision on both backends, as the expression it replaces computed it.
BAYES_SCORE_SQL = "(CAST(17.5 AS DOUBLE PRECISION) + rating_sum) / (5 + rating_count)"


def service_bit(service_id: int) -> int:
    """The bit for a service in services_mask, or 0 when its id is beyond the mask."""
    return 1 << service_id if 0 < service_id <= MASKED_SERVICES else 0
