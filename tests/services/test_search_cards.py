"""A page of result cards read in one statement (services/search_cards.py): what each card and API item shows."""
from datetime import UTC, datetime, timedelta

from directory.extensions import db
from directory.geo.distance import haversine_km
from directory.models import Center, CenterPhoto
from directory.services.search import SearchQuery, search
from directory.services.search_cards import cards
from directory.services.search_filters import PriceLines

from .test_search import CLIFTON, geocode

TODAY = datetime.now(UTC).date()


def test_a_card_shows_what_the_center_entity_says(factories):
    thai, swedish = factories.service(slug="thai", name="Thai"), factories.service(slug="swedish", name="Swedish")
    confirmed = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=3)
    center = factories.center(name="Sea Breeze", kind="hotel_spa", gender_policy="women_only", area="Boat Basin",
                              rating_count=7, rating_sum=31, confirmed_at=confirmed, latitude=24.82, longitude=67.04,
                              menu=[(thai, 90, 6000), (swedish, 60, 4500), (thai, 60, 5000)])
    hit, = cards(db.session, [center.id], CLIFTON, TODAY, PriceLines())
    card, entity = hit.center, db.session.get(Center, center.id)
    for name in ("id", "slug", "name", "kind", "area", "city", "latitude", "longitude", "gender_policy",
                 "rating_count", "rating_sum", "confirmed_at", "timezone", "rating", "kind_label", "gender_label"):
        assert getattr(card, name) == getattr(entity, name), name
    assert card.rating == 4.4 and str(card.kind_label) == "Hotel spa"
    assert card.services == ("swedish", "thai")  # each type once (Thai has two durations), sorted
    assert hit.price_from == 4000  # Thai 90 min for 6,000 is 4,000 per 60 min: the lowest per hour
    assert hit.distance_km == round(haversine_km(CLIFTON.latitude, CLIFTON.longitude, 24.82, 67.04), 3) == 1.222
    assert not hit.verified and not hit.managed and hit.photo is None


def test_cards_come_in_the_order_asked_with_their_badges_facts_and_first_photo(factories):
    thai, swedish = factories.service(slug="thai", name="Thai"), factories.service(slug="swedish", name="Swedish")
    plain = factories.center(name="Plain")  # no menu: no types, no price
    shown = factories.center(name="Shown", menu=[(thai, 60, 3000), (swedish, 60, 2000)])
    factories.credential(factories.therapist(shown), status="verified", valid_until=TODAY + timedelta(days=30))
    factories.manager(shown)
    for position, key in ((2, "third-photo"), (0, "first-photo"), (1, "second-photo")):
        db.session.add(CenterPhoto(center_id=shown.id, file_key=key, width=800 + position, height=600,
                                   position=position))
    db.session.commit()
    hits = cards(db.session, [shown.id, plain.id], None, TODAY, PriceLines(service_ids=(thai.id,)))
    assert [hit.center.name for hit in hits] == ["Shown", "Plain"]
    first, second = hits
    assert first.verified and first.managed and first.distance_km is None
    assert (first.photo.file_key, first.photo.width) == ("first-photo", 800)
    assert first.price_from == 3000  # the lowest among the chosen types (Thai), not Swedish's 2,000
    assert first.center.services == ("swedish", "thai")
    assert second.center.services == () and second.price_from is None and second.photo is None
    assert not second.verified and not second.managed


def test_a_center_gone_between_the_search_and_its_cards_is_left_out(factories):
    kept, gone = factories.center(name="Kept"), factories.center(name="Gone")
    gone_id = gone.id
    db.session.delete(gone)
    db.session.commit()
    assert [hit.center.name for hit in cards(db.session, [gone_id, kept.id], None, TODAY, PriceLines())] == ["Kept"]


def test_search_results_carry_the_cards(factories):
    thai = factories.service(slug="thai", name="Thai")
    factories.center(name="Near", latitude=24.8140, longitude=67.0302, menu=[(thai, 60, 3000)])
    result = search(db.session, SearchQuery(near="clifton", radius_km=5), geocode=geocode, timezone="Asia/Karachi")
    hit, = result.hits
    assert hit.center.name == "Near" and hit.center.services == ("thai",) and hit.price_from == 3000
