"""Center.amenities_mask follows the amenities list through every ORM change, so the indexed comfort filter is exact."""
import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from directory.extensions import db
from directory.models import Center
from directory.models.center import AMENITIES, COMFORT_FILTERS
from directory.models.center_index import AMENITY_BITS, amenity_mask
from directory.services.search import SearchError, SearchQuery, search
from directory.services.search_filters import amenities_condition

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0009_amenities_mask.py"


def bit(key: str) -> int:
    return 1 << AMENITY_BITS.index(key)


def stored_mask(center) -> int:
    return db.session.scalar(select(Center.amenities_mask).where(Center.id == center.id))


def having(*keys) -> set[str]:
    return set(db.session.scalars(select(Center.name).where(amenities_condition(list(keys)))))


def test_mask_follows_added_changed_and_removed_amenities(factories):
    center = factories.center(amenities=["parking"])
    assert stored_mask(center) == bit("parking")
    center.amenities = ["parking", "prayer_area", "female_therapists"]
    db.session.commit()
    assert stored_mask(center) == bit("parking") | bit("prayer_area") | bit("female_therapists")
    center.amenities = ["couples_room"]
    db.session.commit()
    assert stored_mask(center) == bit("couples_room")
    center.amenities.append("private_rooms")  # changed in place, then flagged as the JSON type requires
    flag_modified(center, "amenities")
    db.session.commit()
    assert stored_mask(center) == bit("couples_room") | bit("private_rooms")
    center.amenities = []
    db.session.commit()
    assert stored_mask(center) == 0 and center.amenities_mask == 0


def test_a_change_elsewhere_keeps_the_mask_and_a_center_without_amenities_has_none(factories):
    plain = factories.center()
    assert stored_mask(plain) == 0
    center = factories.center(amenities=["wheelchair_access", "wheelchair_access", "helipad"])
    assert stored_mask(center) == bit("wheelchair_access")  # duplicates once, unknown keys have no bit
    center.name = "Renamed"
    db.session.commit()
    assert stored_mask(center) == bit("wheelchair_access")


def test_filter_needs_every_requested_amenity(factories):
    factories.center(name="Both", amenities=["female_therapists", "prayer_area", "parking"])
    factories.center(name="Women", amenities=["female_therapists"])
    factories.center(name="None")
    assert having("female_therapists") == {"Both", "Women"}
    assert having("female_therapists", "prayer_area") == {"Both"}
    assert having("prayer_area", "couples_room") == set()


def test_every_amenity_has_a_bit_and_the_bit_order_only_grows():
    assert set(AMENITY_BITS) == set(AMENITIES) and len(AMENITY_BITS) == len(set(AMENITY_BITS)) <= 31
    assert set(COMFORT_FILTERS) <= set(AMENITY_BITS) and "private_rooms" in COMFORT_FILTERS
    spec = importlib.util.spec_from_file_location("migration_0009", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    # Masks stored by the migration's backfill must keep their meaning: its order is a prefix of today's.
    assert AMENITY_BITS[:len(migration.AMENITY_BITS)] == migration.AMENITY_BITS
    assert amenity_mask(["air_conditioned", "couples_room"]) == (1 << 12) | 1


def test_search_filters_by_amenities_and_refuses_unknown_ones(factories):
    factories.center(name="Near, prayer area", amenities=["prayer_area"], latitude=24.8140)
    factories.center(name="Nearer, nothing", latitude=24.8139)
    factories.center(name="Far, prayer area", amenities=["prayer_area", "parking"], latitude=24.9)
    query = SearchQuery(lat=24.8138, lng=67.03, amenities=["prayer_area"])
    result = search(db.session, query, geocode=lambda _: None, timezone="Asia/Karachi")
    assert [hit.center.name for hit in result.hits] == ["Near, prayer area", "Far, prayer area"]
    query.sort = "rating"
    rated = search(db.session, query, geocode=lambda _: None, timezone="Asia/Karachi")
    assert {hit.center.name for hit in rated.hits} == {"Near, prayer area", "Far, prayer area"}
    with pytest.raises(SearchError) as refused:
        search(db.session, SearchQuery(amenities=["helipad"]), geocode=lambda _: None, timezone="Asia/Karachi")
    assert refused.value.field == "amenity" and "Unknown amenity: helipad" in refused.value.message
