"""The indexed sort keys (0016_rank_columns) give exactly the orders the rating expressions give, and stay in step."""
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, exists, func, insert, select

from directory.extensions import db
from directory.models import Center, CenterService, CenterStatus, CityCount, Service
from directory.models.center_index import latitude_band, service_bit
from directory.services import search as search_module
from directory.services import search_price, search_sorts
from directory.services.centers import city_counts, featured_centers
from directory.services.city_counts import refresh_city_counts
from directory.services.price_order import refresh_copies
from directory.services.reviews.ratings import bayesian_rating_expression, recompute_rating
from directory.services.search import MIN_RATED, SearchQuery, search
from directory.services.search_filters import PriceLines, stale_last
from directory.services.search_sorts import rating_order, shown_rating

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def generated_conditions(lines: PriceLines) -> list:
    """PriceLines' conditions on the database's own price_per_hour (the search reads price_key, its copy)."""
    return [*([(CenterService.service_id + 0).in_(lines.service_ids)] if lines.service_ids else []),
            *([CenterService.price_per_hour >= lines.low] if lines.low is not None else []),
            *([CenterService.price_per_hour <= lines.high] if lines.high is not None else [])]


def generated_lowest(lines: PriceLines):
    return (select(func.min(CenterService.price_per_hour))
            .where(CenterService.center_id == Center.id, *generated_conditions(lines)).scalar_subquery())


def add_random_centers(count: int, seed: int = 7) -> None:
    """Centers with clustered ratings (many ties in rank, sum and name) and mixed freshness, in one insert."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        rated = rng.random() < 0.8
        reviews = rng.choice([1, 2, 3, 3, 4, 5, 10, 40]) if rated else 0
        rows.append({
            "slug": f"rank-{n}", "name": f"Spa {rng.randint(0, 40)}", "address": "1 Road", "city": "Karachi",
            "latitude": 24.8, "longitude": 67.0, "lat_band": 4960, "status": "published",
            "rating_count": reviews, "rating_sum": sum(rng.choice([3, 4, 4, 5, 5]) for _ in range(reviews)),
            "confirmed_at": None if rng.random() < 0.3 else (NOW - timedelta(days=rng.randint(0, 400))).replace(
                tzinfo=None)})
    db.session.execute(insert(Center), rows)
    db.session.commit()


def test_the_rating_rank_orders_as_the_expressions_it_replaces(app):
    add_random_centers(600)
    old_order = [case((Center.rating_count >= MIN_RATED, 0), else_=1), func.coalesce(shown_rating(), -1).desc(),
                 Center.rating_count.desc(), stale_last(NOW), bayesian_rating_expression().desc(), Center.name,
                 Center.id]
    published = select(Center.id).where(Center.status == CenterStatus.PUBLISHED)
    expected = list(db.session.scalars(published.order_by(*old_order)))
    assert list(db.session.scalars(published.order_by(*rating_order(NOW)))) == expected
    result = search(db.session, SearchQuery(sort="rating", per_page=50, page=3), geocode=lambda _: None,
                    timezone="Asia/Karachi", now_utc=NOW)
    assert [hit.center.id for hit in result.hits] == expected[100:150]


def test_walking_the_rating_sort_by_keyset_gives_every_center_once_in_order(app):
    add_random_centers(230, seed=11)
    expected = list(db.session.scalars(select(Center.id).order_by(*rating_order(NOW))))
    seen, after = [], None
    while True:
        result = search(db.session, SearchQuery(sort="rating", per_page=40, after=after), geocode=lambda _: None,
                        timezone="Asia/Karachi", now_utc=NOW)
        seen += [hit.center.id for hit in result.hits]
        if result.next_after is None:
            break
        after = result.next_after
    assert seen == expected


def test_the_bayes_score_equals_its_expression_and_follows_new_reviews(factories):
    center = factories.center()
    for stars in (5, 4, 2):
        factories.review(center, rating=stars)
    recompute_rating(db.session, center.id)
    db.session.commit()
    score, expected, rank = db.session.execute(select(Center.bayes_score, bayesian_rating_expression(),
                                                      Center.rating_rank).where(Center.id == center.id)).one()
    assert score == expected == (17.5 + 11) / 8
    assert rank == 1_000_000_000_000 + (37 + 1) * 1_000_000_000 + 3  # rated, shown 3.7 stars, 3 reviews


def test_featured_centers_read_by_score_match_a_full_sort(app):
    add_random_centers(300, seed=3)
    expected = list(db.session.scalars(
        select(Center.id).where(Center.status == CenterStatus.PUBLISHED, Center.rating_count > 0)
        .order_by(bayesian_rating_expression().desc(), Center.name).limit(6)))
    assert [center.id for center in featured_centers(db.session)] == expected


def counted_by_rows() -> dict[str, int]:
    return dict(db.session.execute(select(Center.city, func.count()).where(
        Center.status == CenterStatus.PUBLISHED).group_by(Center.city)).all())


def counts_kept() -> dict[str, int]:
    return {city: n for city, n in db.session.execute(select(CityCount.city, CityCount.published)) if n}


def test_city_counts_follow_publishing_moves_and_deletes(factories):
    lahore = factories.center(city="Lahore")
    factories.center(city="Lahore")
    draft = factories.center(city="Quetta", status="draft")
    factories.center(city="Karachi")
    assert counts_kept() == counted_by_rows() == {"Lahore": 2, "Karachi": 1}
    draft.status = CenterStatus.PUBLISHED
    lahore.city = "Multan"
    db.session.commit()
    assert counts_kept() == counted_by_rows() == {"Lahore": 1, "Karachi": 1, "Multan": 1, "Quetta": 1}
    db.session.expire_all()  # changed without being read first: the old values are still known
    lahore.status = CenterStatus.SUSPENDED
    draft.city = "Karachi"
    db.session.commit()
    db.session.delete(factories.center(city="Lahore"))
    db.session.commit()
    assert counts_kept() == counted_by_rows() == {"Lahore": 1, "Karachi": 2}


def test_the_home_lists_karachi_first_then_the_largest_cities_as_a_full_count_would(app):
    rows = [{"slug": f"c-{n}", "name": "Spa", "address": "1 Road", "city": f"City {n % 17:02d}", "latitude": 24.8,
             "longitude": 67.0, "lat_band": 4960, "status": "published" if n % 5 else "draft"} for n in range(400)]
    rows += [{"slug": f"k-{n}", "name": "Spa", "address": "1 Road", "city": "Karachi", "latitude": 24.8,
              "longitude": 67.0, "lat_band": 4960, "status": "published"} for n in range(3)]
    db.session.execute(insert(Center), rows)  # a bulk load bypasses the listener...
    refresh_city_counts(db.session)  # ...and recounts once
    db.session.commit()
    counted = counted_by_rows()
    expected = [("Karachi", 3)] + sorted(((city, n) for city, n in counted.items() if city != "Karachi"),
                                         key=lambda pair: (-pair[1], pair[0]))[:11]
    assert city_counts(db.session) == expected


def test_a_circle_sorted_by_rating_or_reviews_gives_the_whole_circle_sorted_whichever_way_it_is_read(app, monkeypatch):
    """The rating and review sorts with a place: the same pages as sorting every center in the circle by the original
    expressions, whether read from the rank index with each row's place in the circle (while the circle holds a share
    of the rows read), from the rank index filtered by the circle (counted over DENSE_CIRCLE), or sorted whole."""
    add_random_centers(400, seed=5)
    far = [{"slug": f"far-{n}", "name": "Far Spa", "address": "1 Road", "city": "Lahore", "latitude": 31.5,
            "longitude": 74.3, "lat_band": 6300, "status": "published", "rating_count": 50, "rating_sum": 250}
           for n in range(30)]  # the best rated and most reviewed of all, outside the circle
    db.session.execute(insert(Center), far)
    db.session.commit()
    caps = []
    count_within = search_module.count_within
    for module in (search_module, search_sorts):  # the page's total, the circle's density
        monkeypatch.setattr(module, "count_within",
                            lambda *args, **kw: caps.append(kw["cap"]) or count_within(*args, **kw))
    shown = func.coalesce(shown_rating(), -1)
    orders = {"rating": rating_order(NOW),
              "reviews": [Center.rating_count.desc(), shown.desc(), stale_last(NOW), Center.name, Center.id]}
    karachi = select(Center.id).where(Center.status == CenterStatus.PUBLISHED, Center.city == "Karachi")
    # (rank index rows read with their place in the circle, share wanted 1 in..., DENSE_CIRCLE): the circle holds
    # 400 of 430; the probe finds page 1 (60), or every match (1,000), or judges the share too small (1)
    for probe, share, dense_at in [(60, 50, 5000), (1000, 50, 5000), (1, 10**9, 50), (1, 10**9, 5000)]:
        monkeypatch.setattr(search_sorts, "RANK_PROBE", probe)
        monkeypatch.setattr(search_sorts, "RANK_SHARE", share)
        monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", dense_at)
        caps.clear()
        for sort, order in orders.items():
            expected = list(db.session.scalars(karachi.order_by(*order)))
            for page in (1, 4, 20):  # page 20 lies past the circle's 400
                result = search(db.session, SearchQuery(lat=24.8, lng=67.0, radius_km=20, sort=sort, per_page=30,
                                                        page=page), geocode=lambda _: None, timezone="Asia/Karachi",
                                now_utc=NOW)
                assert [hit.center.id for hit in result.hits] == expected[(page - 1) * 30:page * 30], (sort, page)
                assert (result.total, result.capped) == (200, True)
        # only where the probe judged the share too small was the circle counted to DENSE_CIRCLE first
        assert (dense_at in caps) == (probe == 1), caps


def test_a_dense_circle_across_the_antimeridian_sorts_the_centers_on_both_sides(app, monkeypatch):
    """Read in rank order, each entry is tested against the circle's box (two longitude ranges here), then the
    circle: the centers just east of 180 degrees are in the page, the ones beyond the radius are not."""
    rng = random.Random(11)
    places = [(-17.0 + rng.uniform(-0.1, 0.1), longitude) for longitude in (179.95, -179.95, 179.5, -179.5)
              for _ in range(15)]  # 0.05 degrees either side of the line (~5 km), and 0.5 (~53 km: outside)
    db.session.execute(insert(Center), [
        {"slug": f"fiji-{n}", "name": f"Spa {n % 4}", "address": "1 Road", "city": "Suva", "latitude": lat,
         "longitude": lng, "lat_band": latitude_band(lat), "status": "published",
         "rating_count": rng.randint(0, 20), "rating_sum": 0} for n, (lat, lng) in enumerate(places)])
    db.session.execute(Center.__table__.update().values(rating_sum=Center.rating_count * 4))
    db.session.commit()
    monkeypatch.setattr(search_sorts, "RANK_PROBE", 1)
    monkeypatch.setattr(search_sorts, "RANK_SHARE", 10**9)  # the probe judges the share too small...
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 1)  # ...and the count finds the circle dense: rank order
    inside = [Center.id.in_(select(Center.id).where(func.abs(Center.longitude) > 179.9))]
    for sort, order in (("rating", rating_order(NOW)), ("reviews", None)):
        result = search(db.session, SearchQuery(lat=-17.0, lng=180.0, radius_km=20, sort=sort, per_page=50),
                        geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW)
        if order is None:
            order = search_sorts.sort_order("reviews", PriceLines(), NOW)
        expected = list(db.session.scalars(select(Center.id).where(*inside).order_by(*order)))
        assert len(expected) == 30 and [hit.center.id for hit in result.hits] == expected, sort


def test_a_sparse_circle_sorted_by_rating_counts_its_total_once(app, monkeypatch):
    """Below DENSE_CIRCLE the circle's count is the page's total: exact, and not counted a second time."""
    add_random_centers(75, seed=3)
    db.session.commit()
    counts = []
    count_within = search_module.count_within
    for module in (search_module, search_sorts):  # the page's total, the circle's density
        monkeypatch.setattr(module, "count_within",
                            lambda *args, **kw: counts.append(count_within(*args, **kw)) or counts[-1])
    monkeypatch.setattr(search_sorts, "RANK_PROBE", 1)
    monkeypatch.setattr(search_sorts, "RANK_SHARE", 10**9)  # the share is judged too small at once
    result = search(db.session, SearchQuery(lat=24.8, lng=67.0, radius_km=20, sort="rating", per_page=30, page=2),
                    geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW)
    in_circle = db.session.scalar(select(func.count()).where(Center.city == "Karachi"))
    assert (result.total, result.capped, len(result.hits)) == (in_circle, False, 30)
    assert counts == [(in_circle, False)]


def test_the_review_rank_orders_as_the_review_sort_expressions(app):
    add_random_centers(500, seed=9)
    shown = func.coalesce(shown_rating(), -1)
    old_order = [Center.rating_count.desc(), shown.desc(), stale_last(NOW), Center.name, Center.id]
    expected = list(db.session.scalars(select(Center.id).order_by(*old_order)))
    result = search(db.session, SearchQuery(sort="reviews", per_page=100, page=2), geocode=lambda _: None,
                    timezone="Asia/Karachi", now_utc=NOW)
    assert [hit.center.id for hit in result.hits] == expected[100:200]


def test_recount_cities_repairs_counts_after_sql_that_bypassed_the_listener(app, factories, runner):
    factories.center(city="Lahore")
    factories.center(city="Karachi")
    db.session.execute(insert(Center), [{"slug": "raw", "name": "Raw", "address": "1 Road", "city": "Lahore",
                                         "latitude": 24.8, "longitude": 67.0, "lat_band": 4960,
                                         "status": "published"}])
    db.session.commit()
    assert city_counts(db.session) == [("Karachi", 1), ("Lahore", 1)]  # the raw insert was not counted
    result = runner.invoke(args=["recount-cities"])
    assert result.exit_code == 0, result.output
    assert city_counts(db.session) == [("Karachi", 1), ("Lahore", 2)]


def test_a_dense_circle_sorted_by_price_reads_menu_lines_in_price_order(app, factories, monkeypatch):
    """Above DENSE_CIRCLE, and without a place, the price sort reads menu lines in its order (price, then the
    center's name; per chosen type, merged), keeps each center's first line and puts current listings before stale
    ones within a price: the same pages as sorting every matching center by its lowest price, with or without chosen
    types, names shared by several centers, menu-less centers still last."""
    chosen = [factories.service().id for _ in range(3)]
    db.session.commit()
    rng = random.Random(11)
    rows = [{"slug": f"price-{n}", "name": f"Spa {rng.randint(0, 30)}", "address": "1 Road", "city": "Karachi",
             "latitude": 24.8, "longitude": 67.0, "lat_band": 4960, "status": "published",
             "confirmed_at": None if rng.random() < 0.3 else (NOW - timedelta(days=rng.randint(0, 400))).replace(
                 tzinfo=None)} for n in range(300)]
    rows += [{"slug": f"far-{n}", "name": "Far Spa", "address": "1 Road", "city": "Lahore", "latitude": 31.5,
              "longitude": 74.3, "lat_band": 6300, "status": "published"} for n in range(20)]  # cheapest, too far
    menus = {}
    for row in rows:
        if row["slug"] in {"price-0", "price-1"} or (row["city"] == "Karachi" and rng.random() < 0.07):
            continue  # no menu: last in the price sort
        offered = rng.sample(chosen, rng.randint(1, 3))
        menus[row["slug"]] = [(service_id, 500 if row["city"] == "Lahore" else rng.randrange(1500, 9000, 250),
                               rng.choice([60, 90])) for service_id in offered]
        row["services_mask"] = sum(service_bit(service_id) for service_id in offered)
    db.session.execute(insert(Center), rows)
    ids = dict(db.session.execute(select(Center.slug, Center.id)).all())
    db.session.execute(insert(CenterService), [
        {"center_id": ids[slug], "service_id": service_id, "name": "Massage", "duration_min": minutes,
         "price_pkr": price} for slug, lines in menus.items() for service_id, price, minutes in lines])
    refresh_copies(db.session)  # a bulk load past the ORM writes the centers' copies on their lines itself
    db.session.commit()
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 50)
    monkeypatch.setattr(search_price, "PRICE_BATCH", 16)  # several batches, ties across their edges
    read = []
    cheapest = search_price.cheapest
    monkeypatch.setattr(search_price, "cheapest", lambda *args, **kw: read.append(cheapest(*args, **kw)) or read[-1])
    slugs = {service_id: slug for slug, service_id in db.session.execute(select(Service.slug, Service.id))}
    everywhere = select(Center.id).where(Center.status == CenterStatus.PUBLISHED)
    karachi = everywhere.where(Center.city == "Karachi")
    for among, place in [([], True), (chosen[:1], True), (chosen[:2], True), ([], False), (chosen[:2], False)]:
        matching = karachi if place else everywhere
        if among:
            matching = matching.where(exists().where(CenterService.center_id == Center.id,
                                                     CenterService.service_id.in_(among)))
        key = func.coalesce(generated_lowest(PriceLines(tuple(among))), 10**9)
        expected = db.session.execute(matching.add_columns(key).order_by(key, stale_last(NOW), Center.name,
                                                                         Center.id)).all()
        for page in (1, 3, 10) if not among else (1, 3):
            read.clear()
            around = {"lat": 24.8, "lng": 67.0, "radius_km": 20} if place else {}
            result = search(db.session, SearchQuery(**around, sort="price", per_page=30, page=page,
                                                    services=[slugs[s] for s in among]),
                            geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW)
            assert [hit.center.id for hit in result.hits] == [row[0] for row in expected[(page - 1) * 30:page * 30]]
            if page * 30 > len([row for row in expected if row[1] < 10**9]):
                assert read == [None]  # menu-less centers needed: all matching centers were sorted
            else:  # exactly the pages' centers were found, not the whole circle
                assert sorted(read[0]) == sorted(row[0] for row in expected[:page * 30])
    # Under a price range in a circle: read from the range's lines when the circle holds over DENSE_CIRCLE centers
    # matching all but the range; after PRICE_RANGE_BUDGET lines the circle is sorted whole. The same pages either way.
    for among, low, high, budget in [([], 3000, 6000, 20_000), (chosen[:2], 4000, None, 20_000),
                                     ([], None, 2500, 20_000), (chosen[:1], 3000, 6000, 16)]:
        monkeypatch.setattr(search_sorts, "PRICE_RANGE_BUDGET", budget)
        lines = PriceLines(tuple(among), low, high)
        matching = karachi.where(exists().where(CenterService.center_id == Center.id, *generated_conditions(lines)))
        key = generated_lowest(lines)
        expected = [row[0] for row in db.session.execute(
            matching.add_columns(key).order_by(key, stale_last(NOW), Center.name, Center.id)).all()]
        assert len(expected) > 60
        for page in (1, 2):
            read.clear()
            result = search(db.session, SearchQuery(lat=24.8, lng=67.0, radius_km=20, sort="price", per_page=30,
                                                    page=page, services=[slugs[s] for s in among], min_price=low,
                                                    max_price=high),
                            geocode=lambda _: None, timezone="Asia/Karachi", now_utc=NOW)
            assert [hit.center.id for hit in result.hits] == expected[(page - 1) * 30:page * 30]
            assert len(read) == 1 and (read[0] is None) == (budget == 16), read  # over the budget: sorted whole
            assert result.total == min(len(expected), search_module.COUNT_CAP)


def test_the_ranks_computed_from_the_counts_equal_the_stored_ones(app):
    """Few centers sorted whole (at night, from an index holding only the counts) use the ranks worked out from
    rating_count and rating_sum: equal to the generated columns for every center, none, one or many reviews."""
    add_random_centers(300)
    rows = db.session.execute(select(Center.rating_rank, search_sorts.rank_from_counts(), Center.review_rank,
                                     search_sorts.review_rank_from_counts())).all()
    assert len(rows) == 300 and all(stored == computed and reviews == computed_reviews
                                    for stored, computed, reviews, computed_reviews in rows)
