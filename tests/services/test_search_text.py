"""Free text tested three ways by how many documents hold its words (services/search_text.py): the few matches read
and sorted whole, a set every candidate is looked up in (SQLite), each candidate's own document. Every way gives
the same pages, distances and totals."""
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text

from directory.extensions import db
from directory.models import Center, CenterDocument, CenterService
from directory.models.center_index import latitude_band
from directory.services import search as search_module
from directory.services import search_price, search_rare, search_sorts, search_text
from directory.services.price_order import refresh_copies
from directory.services.search import SearchQuery, search
from directory.services.services_mask import refresh_masks
from directory.text import search_document

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
KARACHI = {"lat": 24.86, "lng": 67.01, "radius_km": 25}


def add_centers(count: int, seed: int = 3) -> None:
    """Centers around Karachi and Lahore; every document holds "spa", one in five "serene", one in 40 "jasmine"."""
    rng = random.Random(seed)
    centers, documents = [], []
    for n in range(1, count + 1):
        lat, lng = (24.86, 67.01) if rng.random() < 0.7 else (31.55, 74.34)
        lat, lng = lat + rng.uniform(-0.3, 0.3), lng + rng.uniform(-0.3, 0.3)
        reviews = rng.choice([0, 1, 3, 8, 30])
        words = ["Spa" if rng.random() < 0.5 else "Spas", f"Center {rng.randint(0, 40)}"]
        words += ["Serene"] if rng.random() < 0.2 else []
        words += ["Jasmine Haven"] if rng.random() < 0.025 else []
        centers.append({"id": n, "slug": f"text-{n}", "name": " ".join(words), "address": "1 Road",
                        "city": "Karachi", "latitude": lat, "longitude": lng, "lat_band": latitude_band(lat),
                        "status": rng.choice(["published"] * 9 + ["draft"]), "rating_count": reviews,
                        "rating_sum": sum(rng.choice([3, 4, 5]) for _ in range(reviews)),
                        "confirmed_at": (NOW - timedelta(days=rng.randint(0, 400))).replace(tzinfo=None)})
        areas = " ".join(f"area{rng.randint(0, 149)}" for _ in range(2))  # vocabulary enough for PostgreSQL's stats
        documents.append({"center_id": n, "body": search_document(f"{' '.join(words)} {areas} Karachi")})
    db.session.execute(insert(Center), centers)
    db.session.execute(insert(CenterDocument), documents)
    db.session.commit()


def run(per_page: int = 7, **arguments):
    return search(db.session, SearchQuery(per_page=per_page, **arguments), geocode=lambda _: None,
                  timezone="Asia/Karachi", now_utc=NOW)


def force(monkeypatch, few: int, some: int) -> None:
    """The most matches read whole, and written into a set (SQLite), whatever the number of centers."""
    monkeypatch.setattr(search_text, "few_limit", lambda _centers: few)
    monkeypatch.setattr(search_text, "some_limit", lambda _centers, _reads=0: some)
    search_text.SIZES.forget()  # sizes are remembered for a few minutes


CASES = [
    {"q": "jasmine"},
    {"q": "serene"},
    {"q": "spa"},
    {"q": "jasmine hav"},
    {"q": "serene", "sort": "reviews"},
    {"q": "jasmine", "sort": "price"},
    {"q": "jasmine", **KARACHI},
    {"q": "serene", **KARACHI},
    {"q": "spa", "sort": "rating", **KARACHI},
    {"q": "serene", "sort": "price", **KARACHI},
]


@pytest.mark.parametrize("arguments", CASES, ids=[str(sorted(case.items())) for case in CASES])
def test_each_way_of_testing_the_text_gives_the_same_pages_and_totals(app, monkeypatch, arguments):
    add_centers(900)
    answers = []
    for few, some in ((10**6, 10**6), (0, 10**6), (0, 0)):  # the few read whole; a set; each candidate's document
        force(monkeypatch, few, some)
        answers.append([run(page=page, **arguments) for page in (1, 2, 4)])
    assert answers[0][0].hits, "the case should find centers"
    assert search_text.match(db.session, arguments["q"]).few is False  # the last way was taken
    for pages in answers[1:]:
        for expected, got in zip(answers[0], pages, strict=True):
            assert [hit.center.id for hit in got.hits] == [hit.center.id for hit in expected.hits]
            assert [hit.distance_km for hit in got.hits] == [hit.distance_km for hit in expected.hits]
            assert (got.total, got.capped) == (expected.total, expected.capped)


def test_the_price_sort_in_a_dense_circle_reads_menu_lines_for_a_text_alone_or_beside_other_filters(
        app, factories, monkeypatch):
    """In a circle holding many matches the price sort reads menu lines in its order and tests the text on each
    line's center (its row unread when the text is the only filter): the pages and totals the few's way gives, which
    sorts the circle's matches whole."""
    add_centers(900)
    services = [factories.service(), factories.service()]
    db.session.commit()
    rng = random.Random(4)
    db.session.execute(insert(CenterService), [
        {"center_id": n, "service_id": rng.choice(services).id, "name": f"Massage {line}",
         "duration_min": rng.choice([60, 90]), "price_pkr": rng.randrange(2000, 4000, 500)}
        for n in range(1, 901) if rng.random() < 0.9 for line in range(rng.randint(1, 2))])
    refresh_copies(db.session)  # a bulk load writes the centers' copies on their lines and its masks itself
    refresh_masks(db.session)
    db.session.commit()
    monkeypatch.setattr(search_sorts, "DENSE_CIRCLE", 20)  # the circle's matches are many
    monkeypatch.setattr(search_sorts, "RANK_PROBE", 10)  # (and the probe reads fewer than all of them)
    read = []
    monkeypatch.setattr(search_price, "cheapest", lambda *args, real=search_price.cheapest, **kw: read.append(
        real(*args, **kw)) or read[-1])
    for arguments in ({"q": "serene"}, {"q": "spa center"}, {"q": "serene", "gender": ["mixed"]},
                      {"q": "serene", "services": [services[1].slug]},
                      {"q": "serene", "services": [service.slug for service in services]}):
        answers = []
        for few, some in ((10**6, 10**6), (0, 10**6), (0, 0)):  # the few sorted whole; a set; each document
            force(monkeypatch, few, some)
            read.clear()
            answers.append([run(sort="price", page=page, **KARACHI, **arguments) for page in (1, 2, 5)])
            assert (read == []) == (few > 0)  # lines read unless the few were sorted whole
            assert few or read[0] is not None  # (page 1 from the lines; a later one may run out and sort whole)
        assert len(answers[0][0].hits) == 7
        for pages in answers[1:]:
            for expected, got in zip(answers[0], pages, strict=True):
                assert [hit.center.id for hit in got.hits] == [hit.center.id for hit in expected.hits]
                assert (got.total, got.capped) == (expected.total, expected.capped)


SAMPLED = [{"q": "serene"}, {"q": "spa", "sort": "price"}, {"q": "serene", "sort": "reviews", "min_rating": 3.5}]


@pytest.mark.parametrize("arguments", SAMPLED, ids=[str(sorted(case.items())) for case in SAMPLED])
def test_a_total_without_a_place_counts_the_text_among_the_first_published_centers(app, monkeypatch, arguments):
    """Past COUNT_BUDGET published centers, a filtered total without a place is the matches among the first
    COUNT_BUDGET published by id, marked a lower bound ("N+"), whichever way the text is tested (SQLite reads the
    matches up to the sample's last id from its full-text index)."""
    add_centers(900, seed=5)
    monkeypatch.setattr(search_module, "COUNT_BUDGET", 60)
    monkeypatch.setattr(search_rare, "RANGE_LIMIT", 0)  # a minimum rating tested as any filter, not read apart
    search_rare.SIZES.forget()
    sample = db.session.scalars(select(Center.id).where(Center.status == "published").order_by(Center.id)
                                .limit(60)).all()
    matching = (select(Center.id).join(CenterDocument)
                .where(Center.id.in_(sample), func.lower(Center.name).like(f"%{arguments['q']}%")))
    if "min_rating" in arguments:  # the rating shown, as min_rating_condition (half a tenth below counts)
        matching = matching.where(Center.rating_count > 0,
                                  Center.rating_sum >= (arguments["min_rating"] - 0.05) * Center.rating_count)
    expected = len(db.session.scalars(matching).all())
    assert 0 < expected <= 60
    for few, some in ((0, 10**6), (0, 0)):  # a set of the matches (SQLite), each candidate's document
        force(monkeypatch, few, some)
        result = run(**arguments)
        assert result.hits and (result.total, result.capped) == (expected, True)


def test_the_few_are_counted_exactly_and_walked_by_the_cursor(app, monkeypatch):
    add_centers(900, seed=8)
    force(monkeypatch, 10**6, 10**6)
    assert search_text.match(db.session, "serene").few
    expected = db.session.scalars(select(Center.id).join(CenterDocument).where(
        Center.status == "published", Center.name.like("%Serene%"))).all()
    assert 120 < len(expected) <= 200  # under the cap, over one page: the total is exact
    first = run(q="serene")
    assert (first.total, first.capped) == (len(expected), False)
    walked, page = [hit.center.id for hit in first.hits], first
    while page.next_after is not None:
        page = search(db.session, SearchQuery(per_page=7, q="serene", after=page.next_after), geocode=lambda _: None,
                      timezone="Asia/Karachi", now_utc=NOW)
        walked += [hit.center.id for hit in page.hits]
    assert sorted(walked) == sorted(expected)  # every match once, in the order the pages give
    by_page = [hit.center.id for number in range(1, 8) for hit in run(q="serene", page=number).hits]
    assert walked[:len(by_page)] == by_page


def test_the_number_of_matches_chooses_the_way(app, monkeypatch):
    add_centers(900, seed=11)
    if db.engine.dialect.name == "postgresql":  # it estimates from the statistics autovacuum gathers
        db.session.execute(text("ANALYZE center_documents"))
    force(monkeypatch, 40, 10**6)
    assert search_text.match(db.session, "jasmine").few  # ~20 documents
    assert not search_text.match(db.session, "serene").few  # ~180
    assert search_text.match(db.session, "zzyzx").few  # none: nothing to read
    assert search_text.match(db.session, "  ,, ") is None  # no words: no text condition


def test_a_first_page_without_a_place_tests_candidates_where_writing_the_matches_costs_more(app, monkeypatch):
    """Writing a text's matches costs the same whatever the page; testing candidates costs by the matches the search
    reads. The rating and review sorts without a place read a page's worth (their total comes from the full-text
    index): the first pages test candidates, deeper pages and a circle's page and total write the set. Both ways
    give the same page. (PostgreSQL tests each candidate's stored words past the few: it never writes a set.)"""
    add_centers(900, seed=13)
    monkeypatch.setattr(search_text, "few_limit", lambda _centers: 0)
    monkeypatch.setattr(search_text, "TESTS_PER_WRITE", 1.0)  # ~170 "serene" of 900: the ways cross at page 5
    search_text.SIZES.forget()
    written = []
    monkeypatch.setattr(search_text, "_gathered", lambda session, matches, real=search_text._gathered: (
        written.append(1), real(session, matches))[1])

    def writes(**arguments) -> bool:
        written.clear()
        assert run(q="serene", **arguments).hits
        return bool(written)

    sqlite = db.engine.dialect.name == "sqlite"
    assert not writes(page=1) and not writes(page=1, sort="reviews") and not writes(page=4)
    assert [writes(page=6), writes(page=1, sort="price"), writes(page=1, **KARACHI)] == [sqlite] * 3
    tested = [hit.center.id for hit in run(q="serene", page=2).hits]
    monkeypatch.setattr(search_text, "TESTS_PER_WRITE", 10**6)  # the set, always
    search_text.SIZES.forget()
    assert [hit.center.id for hit in run(q="serene", page=2).hits] == tested


def test_a_word_is_a_prefix_in_any_way(app, monkeypatch):
    add_centers(300, seed=2)
    spas = set(db.session.scalars(select(Center.id).where(Center.name.like("Spas%"), Center.status == "published")))
    for few, some in ((10**6, 10**6), (0, 10**6), (0, 0)):
        force(monkeypatch, few, some)
        found, page = set(), 1
        while hits := run(q="spas", page=page, per_page=50).hits:
            found |= {hit.center.id for hit in hits}
            page += 1
        assert found == spas  # "spas" finds only Spas; "spa" (above) finds both


def test_searches_one_after_another_on_one_connection_each_find_their_own_words(app, monkeypatch):
    """SQLite writes a text's matches into the connection's temporary table: the next search writes its own."""
    add_centers(600, seed=21)
    queries = [{"q": "jasmine"}, {"q": "serene", **KARACHI}, {"q": "jasmine", "sort": "reviews"}, {"q": "spas"}]
    force(monkeypatch, 0, 10**6)
    gathered = [[hit.center.id for hit in run(per_page=50, **query).hits] for query in queries]
    force(monkeypatch, 0, 0)
    expected = [[hit.center.id for hit in run(per_page=50, **query).hits] for query in queries]
    assert all(gathered) and gathered == expected


def test_every_word_finds_the_documents_with_a_word_it_begins_at_any_length(app, monkeypatch):
    """One letter, the lengths both databases keep beginnings of (2-8), and longer; each way of testing."""
    vocabulary = ["physiotherapy", "physiotherapist", "physical", "phy", "p", "hot", "hotstone", "stone", "سکون",
                  "سکونت", "massage", "massages"]
    rng = random.Random(17)
    bodies = {n: " ".join(rng.sample(vocabulary, 3)) for n in range(1, 121)}
    db.session.execute(insert(Center), [
        {"id": n, "slug": f"w-{n}", "name": f"Center {n}", "address": "1 Road", "city": "Karachi", "latitude": 24.86,
         "longitude": 67.01, "lat_band": latitude_band(24.86), "status": "published"} for n in bodies])
    db.session.execute(insert(CenterDocument), [{"center_id": n, "body": search_document(body)}
                                                for n, body in bodies.items()])
    db.session.commit()
    queries = ["p", "ph", "physio", "physiothe", "physiotherap", "physiotherapist", "hot st", "hotstone", "سکو",
               "massages", "physical massage"]
    for few, some in ((10**6, 10**6), (0, 10**6), (0, 0)):
        force(monkeypatch, few, some)
        for q in queries:
            expected = {n for n, body in bodies.items()
                        if all(any(word.startswith(part) for word in body.split()) for part in q.split())}
            result = run(q=q, per_page=50)
            got = {hit.center.id for page in range(1, 4) for hit in run(q=q, per_page=50, page=page).hits}
            assert got == expected, (q, few, some)
            assert result.total == len(expected)
