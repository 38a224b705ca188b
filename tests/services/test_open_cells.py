"""OpenHoursCell (services/open_cells.py): every center's hours are in its cell's row after every kind of write, and
"open now" where no cell around the circle is open answers at once, never leaving out a center that is open."""
import random
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import insert, select

from directory.extensions import db
from directory.geo.distance import km_to_h
from directory.geo.nearby import haversine_h_sql
from directory.models import Center, CenterStatus, OpenHoursCell
from directory.models.center_index import latitude_band
from directory.services import search as search_module
from directory.services import search_filters, search_rare
from directory.services.listings.schedule import replace_week
from directory.services.open_cells import cell_of, rebuild_open_cells
from directory.services.search import SearchQuery, search
from directory.services.search_filters import PriceLines, open_now_exact
from directory.services.search_sorts import sort_order

MON, TUE = 0, 1
MONDAY_0500_KARACHI = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
MONDAY_1200_KARACHI = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)


def stored_cells() -> dict[tuple, tuple]:
    return {(row.cell_lat, row.cell_lng, row.timezone): (row.hours_0, row.hours_1, row.hours_2)
            for row in db.session.scalars(select(OpenHoursCell))}


def cells_from_centers() -> dict[tuple, tuple]:
    """What every cell's row must hold at least: the OR of its centers' masks (the slow way)."""
    cells: dict[tuple, list[int]] = {}
    for center in db.session.scalars(select(Center)):
        masks = (center.hours_mask_0, center.hours_mask_1, center.hours_mask_2)
        if any(masks):
            kept = cells.setdefault((*cell_of(center.lat_band, center.longitude), center.timezone), [0, 0, 0])
            for column, value in enumerate(masks):
                kept[column] |= value
    return {key: tuple(value) for key, value in cells.items()}


def covered(stored: dict, needed: dict) -> bool:
    return all(key in stored and all(s & n == n for s, n in zip(stored[key], masks, strict=True))
               for key, masks in needed.items())


def test_every_center_hours_stay_in_its_cell_through_edits_moves_and_zone_changes(app, factories):
    first = factories.center(hours={MON: [("10:00", "22:00")]})
    factories.center(hours={TUE: [("09:00", "13:00")]})  # the same cell: its hours are ORed in
    factories.center(hours={MON: [("00:00", "00:00")]}, timezone="UTC")  # the same cell, another zone: its own row
    assert stored_cells() == cells_from_centers() and len(stored_cells()) == 2

    replace_week(db.session, None, first, {MON: [(time(6), time(9))]}, version=first.version)
    db.session.commit()
    assert covered(stored_cells(), cells_from_centers())

    moved = db.session.get(Center, first.id)
    moved.latitude, moved.longitude = 31.52, 74.35  # to Lahore: a cell nothing else is in
    db.session.commit()
    assert covered(stored_cells(), cells_from_centers())
    assert (*cell_of(latitude_band(31.52), 74.35), "Asia/Karachi") in stored_cells()

    moved.timezone = "Asia/Kolkata"
    db.session.commit()
    assert covered(stored_cells(), cells_from_centers())

    # bits are only added between rebuilds (Karachi's row still has the moved center's Monday 06:00-09:00);
    # a rebuild leaves exactly what the centers need
    assert stored_cells() != cells_from_centers()
    rebuild_open_cells(db.session)
    db.session.commit()
    assert stored_cells() == cells_from_centers()


def test_open_now_where_nothing_around_is_open_reads_no_center(app, factories, monkeypatch):
    search_filters.TIMEZONES.forget()
    near = factories.center(name="Clifton Spa", hours={MON: [("10:00", "22:00")]})
    factories.center(name="Night Spa, Lahore", latitude=31.52, longitude=74.35, hours={MON: [("00:00", "00:00")]})
    searched = []
    nearby = search_module.nearby
    monkeypatch.setattr(search_module, "nearby", lambda *args, **kw: searched.append(1) or nearby(*args, **kw))
    query = SearchQuery(lat=24.81, lng=67.03, radius_km=10, open_now=True)

    closed = search(db.session, query, geocode=lambda _: None, timezone="Asia/Karachi", now_utc=MONDAY_0500_KARACHI)
    assert (closed.hits, closed.total, closed.capped, searched) == ([], 0, False, [])  # open in Lahore only

    opened = search(db.session, query, geocode=lambda _: None, timezone="Asia/Karachi", now_utc=MONDAY_1200_KARACHI)
    assert [hit.center.id for hit in opened.hits] == [near.id] and searched == [1]


def test_open_now_near_any_point_equals_the_exact_test_over_every_center(app, factories):
    """Random weeks in nine cells and two zones, centers moved after their hours were set, random points, radii and
    moments: the distance-sorted open-now search equals every published center tested by the exact condition."""
    search_filters.TIMEZONES.forget()
    rng = random.Random(17)
    centers = []
    for n in range(60):
        start = rng.randint(0, 23)
        hours = {day: [(f"{start:02d}:00", f"{(start + rng.randint(1, 5)) % 24:02d}:30")]
                 for day in range(7) if rng.random() < 0.4}
        centers.append(factories.center(name=f"C{n}", latitude=round(rng.uniform(24.75, 25.05), 6),
                                        longitude=round(rng.uniform(66.95, 67.25), 6), hours=hours,
                                        timezone=rng.choice(("Asia/Karachi", "UTC"))))
    for center in rng.sample(centers, 10):
        center = db.session.get(Center, center.id)
        center.latitude, center.longitude = round(rng.uniform(24.75, 25.05), 6), round(rng.uniform(66.95, 67.25), 6)
    db.session.execute(insert(Center), [{"slug": "raw", "name": "Raw", "address": "1 Road", "city": "Karachi",
                                         "latitude": 24.9, "longitude": 67.1, "lat_band": latitude_band(24.9),
                                         "status": "published"}])  # no hours: never open, no row needed
    db.session.commit()
    for _ in range(40):
        lat, lng, radius = rng.uniform(24.7, 25.1), rng.uniform(66.9, 67.3), rng.choice((1, 3, 8, 20))
        moment = datetime(2026, 11, 16, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 7 * 1440))
        found = search(db.session, SearchQuery(lat=lat, lng=lng, radius_km=radius, open_now=True, per_page=100),
                       geocode=lambda _: None, timezone="Asia/Karachi", now_utc=moment)
        h = haversine_h_sql(round(lat, 7), round(lng, 7))
        expected = list(db.session.scalars(
            select(Center.id).where(Center.status == CenterStatus.PUBLISHED, open_now_exact(db.session, moment),
                                    h <= km_to_h(radius)).order_by(h, Center.id)))
        assert [hit.center.id for hit in found.hits] == expected, (lat, lng, radius, moment)


def test_rebuild_open_cells_command_repairs_cells_after_bulk_sql(app, runner):
    db.session.execute(insert(Center), [{"slug": "bulk", "name": "Bulk", "address": "1 Road", "city": "Karachi",
                                         "latitude": 24.8, "longitude": 67.0, "lat_band": latitude_band(24.8),
                                         "status": "published", "hours_mask_0": 0b1100}])
    db.session.commit()
    assert stored_cells() == {}  # Core SQL bypasses the listener
    result = runner.invoke(args=["rebuild-open-cells"])
    assert result.exit_code == 0, result.output
    assert stored_cells() == {(248, 670, "Asia/Karachi"): (0b1100, 0, 0)}


TUESDAY_0230_KARACHI = datetime(2026, 11, 16, 21, 30, tzinfo=UTC)  # 16:30 in New York


def add_centers(factories, rng: random.Random, count: int, spans_of) -> None:
    """`count` centers near a Karachi point, each open spans_of(n) every day, with a menu line and 0-5 reviews."""
    swedish = factories.service()
    for n in range(count):
        hours = {day: spans_of(n) for day in range(7)}
        center = factories.center(name=f"Center {n}", latitude=round(rng.uniform(24.78, 24.88), 6),
                                  longitude=round(rng.uniform(66.98, 67.08), 6), hours=hours,
                                  menu=[(swedish, 60, rng.randrange(3000, 6000, 100))])
        for stars in rng.sample((1, 2, 3, 4, 5, 5, 4), rng.randint(0, 5)):
            factories.review(center, rating=stars)


def exact_and_searched(sort: str, moment: datetime) -> tuple[list[int], list]:
    """Every published center within 15 km of a Karachi point open at `moment` by the exact test, in the sort's
    order; and the search's pages 1-5 of 4 (page 5 past the end: still the total)."""
    lat, lng, radius = 24.83, 67.03, 15
    h = haversine_h_sql(lat, lng)
    order = [h, Center.id] if sort == "distance" else sort_order(sort, PriceLines(), moment)
    expected = list(db.session.scalars(
        select(Center.id).where(Center.status == CenterStatus.PUBLISHED, open_now_exact(db.session, moment),
                                h <= km_to_h(radius)).order_by(*order)))
    pages = [search(db.session, SearchQuery(lat=lat, lng=lng, radius_km=radius, open_now=True, per_page=4,
                                            page=page, sort=sort),
                    geocode=lambda _: None, timezone="Asia/Karachi", now_utc=moment) for page in range(1, 6)]
    return expected, pages


@pytest.mark.parametrize("sort", ["distance", "rating", "reviews", "price"])
@pytest.mark.parametrize(("count_cap", "night_walk", "night_limit"),
                         [(200, 5_000, 5_000), (3, 5_000, 5_000), (200, 8, 5_000), (200, 8, 3)])
def test_open_now_at_night_pages_and_totals_equal_the_exact_test(app, factories, monkeypatch, sort, count_cap,
                                                                 night_walk, night_limit):
    """At 02:30 the search reads the centers open at some night hour (their index). The rating, review and price
    sorts read their first pages in order from the night's indexes, up to a bound (with it at the 8th night center,
    page 1 is read above it and the next pages fall back), else sort the circle's matches whole when at most
    NIGHT_LIMIT, else read as by day. Every page and the total equal the exact test over every center, daytime
    centers and one open past midnight on Sundays only (a night hour, but not tonight's) among them; over the
    count's cap the total says "at least"."""
    search_filters.TIMEZONES.forget()
    search_rare.SIZES.forget()
    monkeypatch.setattr(search_module, "COUNT_CAP", count_cap)
    monkeypatch.setattr(search_rare, "NIGHT_LIMIT", night_limit)
    monkeypatch.setattr(search_rare, "NIGHT_WALK", night_walk)
    walked, walk = [], search_rare.night_walk

    def recorded(*args):
        page = walk(*args)
        walked.append(page is not None)
        return page

    monkeypatch.setattr(search_rare, "night_walk", recorded)
    add_centers(factories, random.Random(26), 40,
                lambda n: [("14:00", "03:00") if n % 3 == 0 else ("10:00", "22:00")])  # a third open late
    factories.center(name="Sunday nights", latitude=24.82, longitude=67.03, hours={6: [("20:00", "02:00")]})
    expected, pages = exact_and_searched(sort, TUESDAY_0230_KARACHI)
    assert len(expected) == 14
    assert [hit.center.id for found in pages for hit in found.hits] == expected
    assert {(found.total, found.capped) for found in pages} == {(14, False) if count_cap >= 14 else (count_cap, True)}
    if sort != "distance":  # every page by the walk (page 5: past the end); with a bound, page 1 alone
        assert walked == ([True] * 5 if night_walk == 5_000 else [True, False, False, False, False])
    else:
        assert walked == []


def test_open_now_where_it_is_night_in_one_zone_and_day_in_another_finds_both(app, factories):
    """A circle with centers in two time zones: the one open in the daytime of its own zone (New York) is found
    beside the one open past midnight in Karachi; the night's index alone would miss it."""
    search_filters.TIMEZONES.forget()
    night = factories.center(name="Karachi late", hours={TUE: [("00:00", "03:00")]})
    day = factories.center(name="New York hours", latitude=24.814, hours={MON: [("09:00", "18:00")]},
                           timezone="America/New_York")
    factories.center(name="Karachi day", latitude=24.815, hours={TUE: [("10:00", "22:00")]})
    found = search(db.session, SearchQuery(lat=24.8138, lng=67.03, radius_km=5, open_now=True),
                   geocode=lambda _: None, timezone="Asia/Karachi", now_utc=TUESDAY_0230_KARACHI)
    assert [hit.center.id for hit in found.hits] == [night.id, day.id] and found.total == 2


TUESDAY_0030_KARACHI = datetime(2026, 11, 16, 19, 30, tzinfo=UTC)


@pytest.mark.parametrize("sort", ["distance", "rating", "price"])
def test_open_now_in_the_midnight_hour_pages_and_totals_equal_the_exact_test(app, factories, sort):
    """At 00:30 the search reads the centers open at some minute of the midnight hour (their own index): every page
    and the total equal the exact test over every center; among them one that closed at 00:15 (in that index, closed
    now), one open past midnight on Sundays only, and daytime centers."""
    search_filters.TIMEZONES.forget()
    closes = ["01:30", "00:45", "00:15", "22:00"]
    add_centers(factories, random.Random(32), 32, lambda n: [("14:00" if n % 4 != 3 else "10:00", closes[n % 4])])
    factories.center(name="Sunday nights", latitude=24.82, longitude=67.03, hours={6: [("20:00", "00:45")]})
    assert search_filters.quiet_scope(("Asia/Karachi",), TUESDAY_0030_KARACHI) is search_filters.midnight_scope()
    expected, pages = exact_and_searched(sort, TUESDAY_0030_KARACHI)
    assert len(expected) == 16
    assert [hit.center.id for found in pages for hit in found.hits] == expected
    assert {(found.total, found.capped) for found in pages} == {(16, False)}
