"""A minimum rating few centers reach: searches read its rank ranges in turn, or only their matches
(services/search_rare.py), with the answers the ordinary readers give and exact totals."""
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, or_, select

from directory.extensions import db
from directory.geo.distance import haversine_km
from directory.models import Center, CenterDocument, CenterStatus
from directory.models.center_index import latitude_band
from directory.services import search as search_module
from directory.services import search_rare, search_text
from directory.services.search import SearchQuery, search
from directory.services.search_filters import min_rating_condition
from directory.text import search_document

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_the_rank_ranges_hold_every_center_a_minimum_rating_admits_and_little_else(app):
    """Every (reviews, stars) pair up to 12 reviews: the edges of each tenth of a star, rated and not."""
    rows = [{"slug": f"r-{count}-{total}", "name": "Spa", "address": "1 Road", "city": "Karachi", "latitude": 24.8,
             "longitude": 67.0, "lat_band": latitude_band(24.8), "status": "published", "rating_count": count,
             "rating_sum": total}
            for count in range(0, 13) for total in range(count, 5 * count + 1)]
    db.session.execute(insert(Center), rows)
    minimums = [1, 2.5, 3, 3.25, 3.96, 4, 4.05, 4.1, 4.25, 4.3, 4.45, 4.5, 4.6, 4.7, 4.75, 4.8, 4.9, 4.95, 5]
    for minimum in minimums:
        admitted = set(db.session.scalars(select(Center.id).where(min_rating_condition(minimum))))
        ranged = set(db.session.scalars(select(Center.id).where(or_(*search_rare.rank_ranges(minimum)))))
        assert admitted, minimum
        assert admitted <= ranged, minimum  # never one missed
        # and the ranges add only centers showing the stars the minimum rounds down to (4.25 admits 4.3 and more)
        extra = db.session.execute(select(Center.rating_sum, Center.rating_count)
                                   .where(Center.id.in_(ranged - admitted))).all()
        assert all(count and (total * 20 + count) // (count * 2) == int(minimum * 10) for total, count in extra)


def add_centers(count: int, seed: int = 5) -> None:
    """Centers around Karachi and Lahore, few of them showing 5.0 stars (rated and with one or two reviews)."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        reviews = rng.choice([0, 1, 2, 3, 4, 8, 30])
        perfect = rng.random() < 0.15
        total = 5 * reviews if perfect else sum(rng.choice([3, 4, 5]) for _ in range(reviews))
        lat, lng = (24.86, 67.01) if rng.random() < 0.7 else (31.55, 74.34)
        lat, lng = lat + rng.uniform(-0.3, 0.3), lng + rng.uniform(-0.3, 0.3)
        rows.append({"slug": f"rare-{n}", "name": f"Spa {rng.randint(0, 30)}", "address": "1 Road",
                     "city": "Karachi", "latitude": lat, "longitude": lng, "lat_band": latitude_band(lat),
                     "status": rng.choice(["published"] * 9 + ["draft"]), "rating_count": reviews,
                     "rating_sum": total, "kind": rng.choice(["day_spa", "physiotherapy"]),
                     "gender_policy": rng.choice(["mixed", "men_only", "women_only"]),
                     "confirmed_at": (NOW - timedelta(days=rng.randint(0, 400))).replace(tzinfo=None)})
    db.session.execute(insert(Center), rows)
    db.session.commit()


def run(**arguments):
    return search(db.session, SearchQuery(per_page=7, **arguments), geocode=lambda _: None, timezone="Asia/Karachi",
                  now_utc=NOW)


KARACHI = {"lat": 24.86, "lng": 67.01, "radius_km": 25}
CASES = [
    {"min_rating": 5},
    {"min_rating": 5, "gender": ["men_only"], "kind": "physiotherapy"},
    {"min_rating": 4.95, "sort": "reviews"},
    {"min_rating": 5, "sort": "price"},
    {"min_rating": 5, **KARACHI},
    {"min_rating": 5, "gender": ["men_only"], **KARACHI},
    {"min_rating": 5, "sort": "rating", **KARACHI},
    {"min_rating": 5, "sort": "reviews", "kind": "physiotherapy", **KARACHI},
    {"min_rating": 5, "sort": "price", **KARACHI},
]


@pytest.mark.parametrize("arguments", CASES, ids=[str(sorted(case.items())) for case in CASES])
def test_reading_among_the_few_gives_the_ordinary_readers_answers(app, monkeypatch, arguments):
    add_centers(700)
    fast = [run(page=page, **arguments) for page in (1, 2, 4)]
    assert search_rare.rated_side(db.session, arguments["min_rating"], [], list).few  # the small side was taken
    monkeypatch.setattr(search_rare, "MATCH_LIMIT", 0)  # too many match: the rating sort reads the ranges in turn
    assert not search_rare.rated_side(db.session, arguments["min_rating"], [], list).few
    ranged = [run(page=page, **arguments) for page in (1, 2, 4)]
    monkeypatch.setattr(search_rare, "RANGE_LIMIT", 0)  # every minimum is "too common": the ordinary readers
    search_rare.SIZES.forget()
    assert search_rare.rated_side(db.session, arguments["min_rating"], [], list) is None
    ordinary = [run(page=page, **arguments) for page in (1, 2, 4)]
    assert fast[0].hits, "the case should find centers"
    for quick, middle, slow in zip(fast, ranged, ordinary, strict=True):
        assert [hit.center.id for hit in quick.hits] == [hit.center.id for hit in slow.hits]
        assert [hit.center.id for hit in middle.hits] == [hit.center.id for hit in slow.hits]
        assert [hit.distance_km for hit in quick.hits] == [hit.distance_km for hit in slow.hits]
    assert not fast[0].capped  # and the total is exact
    matching = select(Center.id).where(Center.status == CenterStatus.PUBLISHED,
                                       min_rating_condition(arguments["min_rating"]))
    if "gender" in arguments:
        matching = matching.where(Center.gender_policy.in_(arguments["gender"]))
    if "kind" in arguments:
        matching = matching.where(Center.kind == arguments["kind"])
    ids = set(db.session.scalars(matching))
    if "lat" in arguments:
        ids = {hit for hit in ids if hit in _within(arguments)}
    assert fast[0].total == len(ids)


def _within(arguments) -> set[int]:
    rows = db.session.execute(select(Center.id, Center.latitude, Center.longitude))
    return {center_id for center_id, lat, lng in rows
            if haversine_km(arguments["lat"], arguments["lng"], lat, lng) <= arguments["radius_km"]}


def test_a_rare_minimum_rating_gets_an_exact_total_where_the_ordinary_count_would_stop(app, monkeypatch):
    """Without a place a filtered total tests COUNT_BUDGET published centers; among the few it counts them all."""
    add_centers(400, seed=9)
    monkeypatch.setattr(search_module, "COUNT_BUDGET", 20)
    monkeypatch.setattr(search_rare, "RANGE_LIMIT", 120)
    search_rare.SIZES.forget()
    published = Center.status == CenterStatus.PUBLISHED
    perfect, common = (db.session.scalar(select(db.func.count()).where(published, min_rating_condition(minimum)))
                       for minimum in (5, 3))
    assert 7 < perfect <= 120 < common
    assert (run(min_rating=5).total, run(min_rating=5).capped) == (perfect, False)
    ordinary = run(min_rating=3)  # too many reach it: the ordinary readers, whose count stops (a lower bound)
    assert ordinary.capped and ordinary.total < min(common, search_module.COUNT_CAP)


def test_a_remembered_number_of_matches_only_chooses_the_way(app, monkeypatch):
    """Near a place, how many centers match a rare minimum's indexed filters is remembered a few minutes (it only
    chooses the way): centers rated since then may make them more than MATCH_LIMIT, and the search still reads them
    all, with the ordinary readers' page and the exact total. Without a place that number is the total: counted
    fresh."""
    add_centers(700)
    search_rare.SIZES.forget()
    perfect = select(db.func.count()).where(Center.status == CenterStatus.PUBLISHED, min_rating_condition(5))
    matching = db.session.scalar(perfect)
    monkeypatch.setattr(search_rare, "MATCH_LIMIT", matching)  # few, just
    near = {"min_rating": 5, **KARACHI}
    assert run(**near).hits and run(min_rating=5).total == matching
    db.session.execute(insert(Center), [
        {"slug": f"new-{n}", "name": f"Spa new {n}", "address": "1 Road", "city": "Karachi", "latitude": 24.86,
         "longitude": 67.01 + n / 1000, "lat_band": latitude_band(24.86), "status": "published", "rating_count": 2,
         "rating_sum": 10} for n in range(5)])
    db.session.commit()
    sorted_whole = []
    monkeypatch.setattr(search_rare, "page", lambda *args, real=search_rare.page: sorted_whole.append(1) or real(*args))
    remembered = [run(page=page, **near) for page in (1, 2)]
    assert sorted_whole == [1, 1]  # the remembered number chose the few's way, though they are more now
    assert run(min_rating=5).total == matching + 5  # without a place, the total counts the new ones
    monkeypatch.setattr(search_rare, "RANGE_LIMIT", 0)  # the ordinary readers
    search_rare.SIZES.forget()
    for got, expected in zip(remembered, [run(page=page, **near) for page in (1, 2)], strict=True):
        assert [hit.center.id for hit in got.hits] == [hit.center.id for hit in expected.hits]
    assert remembered[0].total == len({center_id for center_id in db.session.scalars(
        select(Center.id).where(Center.status == CenterStatus.PUBLISHED, min_rating_condition(5)))
        if center_id in _within(near)}) and not remembered[0].capped
    assert {hit.center.slug for hit in remembered[0].hits} >= {f"new-{n}" for n in range(5)}


def test_ranges_too_large_to_test_are_left_to_the_ordinary_readers(app, monkeypatch):
    add_centers(300, seed=4)
    assert search_rare.rated_side(db.session, 5, [], list) is not None
    monkeypatch.setattr(search_rare, "RANGE_LIMIT", 10)
    search_rare.SIZES.forget()  # sizes are remembered for a few minutes
    assert search_rare.rated_side(db.session, 5, [], list) is None


def test_the_cursor_walks_a_rare_minimum_in_order(app):
    add_centers(500, seed=13)
    pages = [run(min_rating=5, page=1)]
    walked = [hit.center.id for hit in pages[0].hits]
    while pages[-1].next_after is not None:
        pages.append(search(db.session, SearchQuery(per_page=7, min_rating=5, after=pages[-1].next_after),
                            geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW))
        walked += [hit.center.id for hit in pages[-1].hits]
    by_offset = [hit.center.id for page in range(1, len(pages) + 2) for hit in run(min_rating=5, page=page).hits]
    assert len(pages) > 2 and walked == by_offset


@pytest.mark.parametrize("arguments", [{"gender": ["men_only"]}, {"q": "spa 1"}], ids=["gender", "text"])
def test_a_rare_minimum_without_a_place_totals_every_filter(app, monkeypatch, arguments):
    """The ranges' own count serves as the total when the index tested every filter (gender here); a text it
    cannot test is counted with the text."""
    add_centers(500, seed=17)
    db.session.execute(insert(CenterDocument), [{"center_id": center_id, "body": search_document(name)}
                                                for center_id, name
                                                in db.session.execute(select(Center.id, Center.name))])
    db.session.commit()
    monkeypatch.setattr(search_text, "few_limit", lambda _centers: 0)  # the text tested as any filter
    search_text.SIZES.forget()
    expected = select(Center.id).where(Center.status == CenterStatus.PUBLISHED, min_rating_condition(5))
    if "gender" in arguments:
        expected = expected.where(Center.gender_policy == "men_only")
    else:  # "spa 1": Spa 1 and Spa 10-19
        expected = expected.where(or_(Center.name == "Spa 1", Center.name.like("Spa 1_")))
    expected = len(db.session.scalars(expected).all())
    assert 7 < expected < search_module.COUNT_CAP  # more than a page: the total is counted, not the page's rows
    result = run(min_rating=5, **arguments)
    assert (result.total, result.capped) == (expected, False)
