"""Center.services_mask follows the menu through every ORM change, so the indexed service filter stays exact."""
from sqlalchemy import select

from directory.extensions import db
from directory.models import Center, CenterService
from directory.models.center_index import NO_PRICE
from directory.services.search import SearchQuery, search
from directory.services.search_filters import menu_condition


def mask_of(center) -> int:
    return db.session.scalar(select(Center.services_mask).where(Center.id == center.id))


def found(service_ids, **prices) -> set[str]:
    return set(db.session.scalars(select(Center.name).where(menu_condition(service_ids, prices.get("low"),
                                                                           prices.get("high")))))


def test_mask_follows_added_changed_and_removed_menu_lines(factories):
    thai, swedish, stone = factories.service(), factories.service(), factories.service()
    center = factories.center(name="Spa", menu=[(thai, 60, 5000)])
    assert mask_of(center) == 1 << thai.id
    center.menu.append(CenterService(service=swedish, name="Swedish", duration_min=90, price_pkr=7000))
    db.session.commit()
    assert mask_of(center) == (1 << thai.id) | (1 << swedish.id)
    center.menu[0].service = stone
    db.session.commit()
    assert mask_of(center) == (1 << stone.id) | (1 << swedish.id)
    center.menu.clear()
    db.session.commit()
    assert mask_of(center) == 0 and center.services_mask == 0


def test_two_lines_of_one_service_set_its_bit_once(factories):
    thai, other = factories.service(), factories.service()
    center = factories.center(menu=[(thai, 60, 5000), (thai, 90, 7000)])
    assert mask_of(center) == 1 << thai.id
    assert found([other.id]) == set()


def test_service_filter_from_the_mask_agrees_with_the_menu(factories):
    thai, swedish = factories.service(), factories.service()
    factories.center(name="Thai only", menu=[(thai, 60, 4000)])
    factories.center(name="Both", menu=[(thai, 60, 9000), (swedish, 60, 3000)])
    factories.center(name="None")
    assert found([thai.id]) == {"Thai only", "Both"}
    assert found([swedish.id]) == {"Both"}
    assert found([thai.id, swedish.id]) == {"Thai only", "Both"}
    # With a price range the menu lines decide: Both's Thai costs 9,000, its Swedish 3,000.
    assert found([thai.id], high=5000) == {"Thai only"}
    assert found([swedish.id], low=4000) == set()


def test_services_beyond_the_mask_are_still_found(factories):
    thai = factories.service()
    beyond = factories.service(id=80)
    factories.center(name="Far id", menu=[(beyond, 60, 4000)])
    factories.center(name="Thai", menu=[(thai, 60, 4000)])
    assert found([beyond.id]) == {"Far id"}
    assert found([beyond.id, thai.id]) == {"Far id", "Thai"}
    result = search(db.session, SearchQuery(services=[beyond.slug], lat=24.8138, lng=67.03), geocode=lambda _: None,
                    timezone="Asia/Karachi")
    assert [hit.center.name for hit in result.hits] == ["Far id"]


def lowest_of(center) -> int:
    return db.session.scalar(select(Center.lowest_price_key).where(Center.id == center.id))


def test_lowest_price_follows_added_changed_and_removed_menu_lines(factories):
    """The menu's lowest price per 60 minutes (the price sort's key at night), NO_PRICE once the menu is empty."""
    thai, swedish = factories.service(), factories.service()
    center = factories.center(name="Spa", menu=[(thai, 60, 5000)])
    assert lowest_of(center) == 5000
    center.menu.append(CenterService(service=swedish, name="Swedish", duration_min=90, price_pkr=6000))
    db.session.commit()
    assert lowest_of(center) == 4000 and center.lowest_price_key == 4000  # 6,000 for 90 minutes
    center.menu[0].price_pkr = 3000
    db.session.commit()
    assert lowest_of(center) == 3000
    center.menu.clear()
    db.session.commit()
    assert lowest_of(center) == NO_PRICE and center.lowest_price_key == NO_PRICE
    assert lowest_of(factories.center(name="No menu")) == NO_PRICE
