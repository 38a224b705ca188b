"""Menu lines carry their price per hour as a plain column and their center's name, status, place and confirmation
date (the price sort reads its lines from its indexes alone): kept on every write."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from directory.extensions import db
from directory.models import CenterService, CenterStatus
from directory.services import search as search_module
from directory.services import search_price, search_sorts
from directory.services.search import SearchQuery, search

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
cheapest = search_price.cheapest


def line_names(center) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(CenterService.center_name).where(CenterService.center_id == center.id)))


def price_sorted(monkeypatch, per_page: int, **around) -> list[str]:
    """The price sort's first `per_page` names, read from the menu lines (as over many centers: asserted)."""
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 1)
    monkeypatch.setattr(search_sorts, "RANK_PROBE", 1)  # a circle's first probed center in it: judged dense
    answers = []
    monkeypatch.setattr(search_price, "cheapest", lambda *args, **kw: answers.append(cheapest(*args, **kw)) or
                        answers[-1])
    result = search(db.session, SearchQuery(sort="price", per_page=per_page, **around), geocode=lambda _: None,
                    timezone="Asia/Karachi", now_utc=NOW)
    assert len(answers) == 1 and answers[0] is not None
    return [hit.center.name for hit in result.hits]


def test_new_lines_and_renamed_centers_keep_the_name_on_every_line(app, factories, monkeypatch):
    swedish, thai = factories.service(), factories.service()
    bravo = factories.center(name="Bravo Spa", menu=[(swedish, 60, 3000), (thai, 90, 4500)])
    alpha = factories.center(name="Alpha Spa", menu=[(swedish, 60, 3000)])
    assert line_names(bravo) == {"Bravo Spa"} and line_names(alpha) == {"Alpha Spa"}
    assert price_sorted(monkeypatch, 2) == ["Alpha Spa", "Bravo Spa"]  # the same price: by name

    alpha.name = "Zen Spa"
    db.session.commit()
    assert line_names(alpha) == {"Zen Spa"}
    assert price_sorted(monkeypatch, 2) == ["Bravo Spa", "Zen Spa"]

    alpha.menu.append(CenterService(service=thai, name="Thai", duration_min=60, price_pkr=2500))
    db.session.commit()
    assert line_names(alpha) == {"Zen Spa"}
    assert price_sorted(monkeypatch, 2) == ["Zen Spa", "Bravo Spa"]  # now the cheaper


def test_moved_and_confirmed_centers_keep_their_place_and_date_on_every_line(app, factories, monkeypatch):
    swedish = factories.service()
    stale = (NOW - timedelta(days=400)).replace(tzinfo=None)
    alpha = factories.center(name="Alpha Spa", confirmed_at=stale, menu=[(swedish, 60, 3000)])
    bravo = factories.center(name="Bravo Spa", confirmed_at=NOW.replace(tzinfo=None), menu=[(swedish, 60, 3000)])
    factories.center(name="Cheap Far Spa", latitude=31.5, longitude=74.3, menu=[(swedish, 60, 1000)])
    near_clifton = {"lat": 24.8138, "lng": 67.03, "radius_km": 20}
    assert price_sorted(monkeypatch, 2, **near_clifton) == ["Bravo Spa", "Alpha Spa"]  # the same price: stale last

    alpha.confirmed_at = NOW.replace(tzinfo=None)  # the owner confirms the listing
    db.session.commit()
    assert price_sorted(monkeypatch, 2, **near_clifton) == ["Alpha Spa", "Bravo Spa"]  # now by name

    bravo.latitude, bravo.longitude = 31.52, 74.35  # moved to Lahore
    db.session.commit()
    assert price_sorted(monkeypatch, 1, **near_clifton) == ["Alpha Spa"]
    assert price_sorted(monkeypatch, 2, lat=31.5, lng=74.3, radius_km=20) == ["Cheap Far Spa", "Bravo Spa"]
    db.session.expire_all()
    lines = db.session.scalars(select(CenterService).where(CenterService.center_id == bravo.id)).all()
    assert [(line.center_latitude, line.center_longitude) for line in lines] == [(31.52, 74.35)]


def test_price_changes_and_unpublished_centers_reach_the_lines(app, factories, monkeypatch):
    swedish = factories.service()
    alpha = factories.center(name="Alpha Spa", menu=[(swedish, 60, 3000)])
    factories.center(name="Bravo Spa", menu=[(swedish, 60, 4000)])
    factories.center(name="Charlie Spa", menu=[(swedish, 60, 5000)])
    assert price_sorted(monkeypatch, 3) == ["Alpha Spa", "Bravo Spa", "Charlie Spa"]

    alpha.menu[0].price_pkr = 9000  # the owner changes the line: PKR 9,000 for 30 minutes, 18,000 an hour
    alpha.menu[0].duration_min = 30
    db.session.commit()
    assert price_sorted(monkeypatch, 3) == ["Bravo Spa", "Charlie Spa", "Alpha Spa"]
    db.session.expire_all()
    assert [line.price_key for line in alpha.menu] == [line.price_per_hour for line in alpha.menu] == [18000]

    alpha.status = CenterStatus.SUSPENDED
    db.session.commit()
    assert price_sorted(monkeypatch, 2) == ["Bravo Spa", "Charlie Spa"]


def test_a_price_range_in_a_dense_circle_is_counted_from_the_lines(app, factories, monkeypatch):
    """The total of a ranged price search read from the lines: exact, over the cap, or a lower bound when the range
    has more lines than it reads; the same whichever way the page was found."""
    swedish, thai = factories.service(), factories.service()
    for n in range(6):  # near Clifton: 4 in the range (one by its Thai line only), 2 over it
        factories.center(name=f"Near {n}", menu=[(swedish, 60, 3000 + 1000 * n), (thai, 60, 3500 if n == 5 else 9000)])
    factories.center(name="Far", latitude=31.5, longitude=74.3, menu=[(swedish, 60, 3500)])
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 1)
    monkeypatch.setattr(search_sorts, "RANK_PROBE", 1)
    counts = []
    count_in_circle = search_price.count_in_circle
    monkeypatch.setattr(search_price, "count_in_circle", lambda *a, **kw: counts.append(count_in_circle(*a, **kw))
                        or counts[-1])

    def ranged(**extra):
        result = search(db.session, SearchQuery(lat=24.8138, lng=67.03, radius_km=20, sort="price", min_price=3000,
                                                max_price=5500, per_page=2, **extra),
                        geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW)
        return [hit.center.name for hit in result.hits], result.total, result.capped

    assert ranged() == (["Near 0", "Near 5"], 4, False)
    assert ranged(page=2) == (["Near 1", "Near 2"], 4, False)
    assert counts == [(4, False)] * 2  # counted from the lines
    assert ranged(services=[thai.slug]) == (["Near 5"], 1, False)
    monkeypatch.setattr(search_price, "COUNT_SCAN", 3)  # the range has 5 lines: 3 read, a lower bound
    assert ranged() == (["Near 0", "Near 5"], 2, True)
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    monkeypatch.setattr(search_price, "COUNT_SCAN", 20_000)
    assert ranged() == (["Near 0", "Near 5"], 3, True)
