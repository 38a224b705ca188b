"""A price bound beside a choice of massage types answers right on an analysed SQLite database.

SQLite 3.40.1 (Debian 12's) answers `center_id = ? AND service_id IN (...) AND price_per_hour <= ?` wrongly through
ix_center_services_center_service_price once ANALYZE has described a large menu table (search_filters.not_a_seek).
The statistics below are the ones ANALYZE wrote for the 100k-center bench database (the two price indexes' with
the name, center and line columns 0020 appended, each nearly unique, and 0025's copies of the center's status, place
and confirmation date after them).
"""
import pytest
from sqlalchemy import text

from directory.extensions import db
from directory.services.search import SearchQuery, search

STATISTICS = [
    ("center_services", "ix_center_services_center_service_price", "249804 3 1 1"),
    ("center_services", "ix_center_services_service_price_name", "249804 22710 32 1 1 1 1 1 1 1"),
    ("center_services", "ix_center_services_price_name", "249804 342 2 2 1 1 1 1 1"),
    ("centers", "ix_centers_spatial", "100000 5 1 1 1 1 1 1 1"),
]


@pytest.fixture(autouse=True)
def forget_statistics(app):
    """The test database is reused with its tables emptied: statistics left behind would plan later tests' queries."""
    yield
    if db.engine.dialect.name == "sqlite":
        db.session.rollback()
        if db.session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
            db.session.execute(text("DELETE FROM sqlite_stat1"))
            db.session.commit()
            db.session.execute(text("ANALYZE sqlite_schema"))  # reload: no statistics


def add_menus_and_analyse(factories):
    swedish, deep, thai = (factories.service(slug=slug) for slug in ("swedish", "deep", "thai"))
    menus = {"cheap swedish": [(swedish, 2000)], "dear swedish, cheap thai": [(swedish, 5000), (thai, 2000)],
             "dear deep": [(deep, 4500), (thai, 4000)], "mid deep": [(deep, 3000), (swedish, 3500)],
             "cheap deep": [(swedish, 6000), (deep, 2500)], "cheap thai, mid swedish": [(thai, 2000), (swedish, 3500)]}
    for name, lines in menus.items():
        factories.center(name=name, menu=[(service, 60, price) for service, price in lines])
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        for table, index, stat in STATISTICS:
            db.session.execute(text("DELETE FROM sqlite_stat1 WHERE idx = :index"), {"index": index})
            db.session.execute(text("INSERT INTO sqlite_stat1 VALUES (:table, :index, :stat)"),
                               {"table": table, "index": index, "stat": stat})
        db.session.commit()
        db.session.execute(text("ANALYZE sqlite_schema"))  # load them
    return {name: [(service.slug, price) for service, price in lines] for name, lines in menus.items()}


@pytest.mark.parametrize("bounds", [{"max_price": 2500}, {"min_price": 4000}, {"min_price": 2000, "max_price": 2500}])
def test_price_bounds_with_chosen_types_match_the_menus_on_an_analysed_database(app, factories, bounds):
    menus = add_menus_and_analyse(factories)
    low, high = bounds.get("min_price", 0), bounds.get("max_price", 10**6)
    expected = sorted(name for name, lines in menus.items()
                      if any(service in ("swedish", "deep") and low <= price <= high for service, price in lines))
    result = search(db.session, SearchQuery(services=["swedish", "deep"], sort="rating", **bounds),
                    geocode=lambda _: None, timezone="Asia/Karachi")
    assert sorted(hit.center.name for hit in result.hits) == expected


def test_the_lowest_price_among_chosen_types_is_shown_and_sorted_by_on_an_analysed_database(app, factories):
    menus = add_menus_and_analyse(factories)
    result = search(db.session, SearchQuery(services=["swedish", "deep"], sort="price"), geocode=lambda _: None,
                    timezone="Asia/Karachi")
    lowest = {name: min(price for service, price in lines if service in ("swedish", "deep"))
              for name, lines in menus.items() if any(service in ("swedish", "deep") for service, _ in lines)}
    assert [(hit.center.name, hit.price_from) for hit in result.hits] == sorted(
        lowest.items(), key=lambda item: (item[1], item[0]))


def test_with_a_price_range_the_card_shows_and_the_sort_uses_a_price_in_the_range(app, factories):
    menus = add_menus_and_analyse(factories)
    result = search(db.session, SearchQuery(min_price=3000, max_price=4500, sort="price"), geocode=lambda _: None,
                    timezone="Asia/Karachi")
    in_range = {name: min(price for _, price in lines if 3000 <= price <= 4500)
                for name, lines in menus.items() if any(3000 <= price <= 4500 for _, price in lines)}
    assert [(hit.center.name, hit.price_from) for hit in result.hits] == sorted(
        in_range.items(), key=lambda item: (item[1], item[0]))  # "cheap thai, mid swedish": 3,500, not 2,000
