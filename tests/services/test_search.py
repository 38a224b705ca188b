"""The search rules: every filter, every sort, pagination totals, open-now across midnight."""
from datetime import UTC, datetime, timedelta

import pytest

from directory.extensions import db
from directory.geo.gazetteer import Place
from directory.services.search import SearchError, SearchQuery, search
from directory.services.search_index import reindex_center

CLIFTON = Place(24.8138, 67.0300, "Clifton, Karachi", "neighbourhood")


def geocode(text):
    return CLIFTON if "clifton" in text.lower() else None


def run(**fields):
    now = fields.pop("now", None)
    return search(db.session, SearchQuery(**fields), geocode=geocode, timezone="Asia/Karachi", now_utc=now)


def names(result):
    return [hit.center.name for hit in result.hits]


@pytest.fixture
def town(factories):
    """Five centers around Clifton with different menus, ratings, hours and policies."""
    swedish, thai = factories.service(slug="swedish", name="Swedish"), factories.service(slug="thai", name="Thai")
    every_day = {day: [("10:00", "22:00")] for day in range(7)}
    centers = {
        "Near": factories.center(name="Near", latitude=24.8140, longitude=67.0302, menu=[(swedish, 60, 5000)],
                                 hours=every_day, gender_policy="women_only", kind="day_spa"),
        "Mid": factories.center(name="Mid", latitude=24.8300, longitude=67.0400, menu=[(thai, 90, 6000)],
                                hours={4: [("20:00", "02:00")]}, gender_policy="mixed", kind="massage_center"),
        "Far": factories.center(name="Far", latitude=24.9204, longitude=67.0932, menu=[(swedish, 60, 12000)],
                                hours=every_day, gender_policy="separate_sections", kind="hotel_spa"),
        "Lahore": factories.center(name="Lahore", city="Lahore", latitude=31.52, longitude=74.35,
                                   menu=[(swedish, 60, 3000)], hours=every_day),
        "Hidden": factories.center(name="Hidden", latitude=24.8139, longitude=67.0301, status="pending",
                                   menu=[(swedish, 60, 4000)]),
    }
    for stars in (5, 5, 4):
        factories.review(centers["Mid"], rating=stars)
    factories.review(centers["Near"], rating=3)
    for _ in range(6):
        factories.review(centers["Far"], rating=5)
    factories.credential(factories.therapist(centers["Far"]), status="verified",
                         valid_until=datetime.now().date() + timedelta(days=100))
    factories.credential(factories.therapist(centers["Near"]), status="verified",
                         valid_until=datetime.now().date() - timedelta(days=1))
    for center in centers.values():
        reindex_center(db.session, center)
    db.session.commit()
    return centers


def test_place_search_sorts_by_distance_and_skips_unpublished(town):
    result = run(near="Clifton, Karachi", radius_km=20)
    assert names(result) == ["Near", "Mid", "Far"] and result.sort == "distance"
    assert result.hits[0].distance_km < 0.1 and result.total == 3 and result.origin == CLIFTON


def test_radius_limits_results(town):
    assert names(run(near="clifton", radius_km=3)) == ["Near", "Mid"]


def test_lat_lng_origin_works_without_geocoding(town):
    result = run(lat=31.52, lng=74.35, radius_km=5)
    assert names(result) == ["Lahore"] and result.origin.label == "Your location"


@pytest.mark.parametrize("fields, field", [
    ({"near": "Atlantis"}, "near"), ({"lat": 24.8}, "lng"), ({"lng": 67.0}, "lat"),
    ({"sort": "distance"}, "sort"), ({"services": ["no-such-massage"]}, "service")])
def test_impossible_searches_name_the_field(town, fields, field):
    with pytest.raises(SearchError) as error:
        run(**fields)
    assert error.value.field == field


def test_service_filter_matches_any_chosen_type(town):
    assert names(run(near="clifton", radius_km=20, services=["thai"])) == ["Mid"]
    assert names(run(near="clifton", radius_km=20, services=["thai", "swedish"])) == ["Near", "Mid", "Far"]


def test_price_per_hour_range(town):
    assert names(run(near="clifton", radius_km=20, max_price=4500)) == ["Mid"]  # 6000 for 90 min = 4000/h
    assert names(run(near="clifton", radius_km=20, min_price=10000)) == ["Far"]


def test_min_rating(town):
    assert names(run(near="clifton", radius_km=20, min_rating=4.5)) == ["Mid", "Far"]


def test_gender_kind_and_verified(town):
    assert names(run(near="clifton", radius_km=20, gender=["women_only", "separate_sections"])) == ["Near", "Far"]
    assert names(run(near="clifton", radius_km=20, kind="massage_center")) == ["Mid"]
    assert names(run(near="clifton", radius_km=20, verified=True)) == ["Far"]  # Near's credential lapsed


def test_open_now_across_midnight_in_karachi_time(town):
    saturday_0130_karachi = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)  # Friday 20:30 UTC
    assert names(run(near="clifton", radius_km=20, open_now=True, now=saturday_0130_karachi)) == ["Mid"]
    wednesday_noon = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)
    assert names(run(near="clifton", radius_km=20, open_now=True, now=wednesday_noon)) == ["Near", "Far"]


def test_sorts(town):
    assert names(run(sort="rating"))[:2] == ["Far", "Mid"]
    assert names(run(sort="reviews"))[:3] == ["Far", "Mid", "Near"]
    assert names(run(near="clifton", radius_km=20, sort="price")) == ["Mid", "Near", "Far"]
    assert names(run(sort="price"))[0] == "Lahore"


def test_text_query_matches_names_areas_and_services(town):
    assert names(run(q="thai")) == ["Mid"]
    assert set(names(run(q="lahore"))) == {"Lahore"}
    assert names(run(q="near")) == ["Near"]
    assert names(run(q="zzz")) == []
    assert names(run(q="!!!")) != []  # punctuation only: no text filter at all


def test_pagination_totals(factories):
    service = factories.service()
    for index in range(25):
        factories.center(name=f"C{index:02}", latitude=24.81 + index * 0.001, longitude=67.03,
                         menu=[(service, 60, 3000)])
    first = search(db.session, SearchQuery(lat=24.81, lng=67.03, per_page=10), geocode=geocode,
                   timezone="Asia/Karachi")
    third = search(db.session, SearchQuery(lat=24.81, lng=67.03, per_page=10, page=3), geocode=geocode,
                   timezone="Asia/Karachi")
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (25, 3, 10, 5)
    assert names(first)[0] == "C00" and names(third)[-1] == "C24"
    assert not first.has_prev and first.has_next and not third.has_next


def test_listings_not_confirmed_for_180_days_rank_after_current_ones_they_tie_with(factories):
    # Issue 14, part 7: the list follows the stars and counts the cards show; freshness only breaks ties.
    now = datetime.now(UTC)
    fresh = factories.center(name="Fresh", latitude=24.83, confirmed_at=(now - timedelta(days=30)).replace(tzinfo=None))
    stale = factories.center(name="Stale", latitude=24.8139, longitude=67.0301,
                             confirmed_at=(now - timedelta(days=200)).replace(tzinfo=None))
    for _ in range(5):
        factories.review(fresh, rating=5)
        factories.review(stale, rating=5)
    for center in (fresh, stale):
        reindex_center(db.session, center)
    db.session.commit()
    assert names(run(sort="rating")) == ["Fresh", "Stale"]
    assert names(run(sort="reviews")) == ["Fresh", "Stale"]
    # Distance is the order the visitor asked for: the nearer stale listing keeps its place.
    assert names(run(near="clifton", sort="distance")) == ["Stale", "Fresh"]
    # More stars shown beat freshness: the stale card says it is not confirmed, but the list must look sorted.
    factories.review(fresh, rating=1)
    reindex_center(db.session, fresh)
    db.session.commit()
    assert names(run(sort="rating")) == ["Stale", "Fresh"]


def test_result_cards_say_when_a_listing_is_not_confirmed(client, factories):
    now = datetime.now(UTC).replace(tzinfo=None)
    factories.center(name="Old News", confirmed_at=now - timedelta(days=400))
    factories.center(name="Kept Current", confirmed_at=now - timedelta(days=3), latitude=24.82)
    page = client.get("/search/?lat=24.8138&lng=67.03&radius_km=10").get_data(as_text=True)
    old, current = page.split(">Old News</a>")[1], page.split(">Kept Current</a>")[1]
    assert "Not confirmed by the center in over 6 months" in old.split("</li>")[0]
    assert "Not confirmed by the center" not in current.split("</li>")[0]
