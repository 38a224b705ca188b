"""'Verified therapists' read from the few centers that have one (search_rare.verified_side): the same pages and
totals, in every sort, with and without a place, as testing every center for one."""
from datetime import UTC, date, datetime

import pytest

from directory.extensions import db
from directory.services import search_rare
from directory.services.search import SearchQuery, search

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def centers(app, factories):
    swedish = factories.service()
    made = []
    for n in range(14):
        center = factories.center(name=f"Spa {n:02d}", latitude=24.8 + n * 0.01, longitude=67.03,
                                  menu=[(swedish, 60, 2000 + 250 * (n % 5))])
        made.append(center)
        if n % 3 == 0:  # verified, current
            factories.credential(factories.therapist(center), status="verified")
        elif n % 3 == 1:  # only pending, or verified but expired: not verified
            status = "pending" if n % 2 else "verified"
            factories.credential(factories.therapist(center), status=status,
                                 valid_until=date(2026, 1, 1) if status == "verified" else None)
        for stars in range(n % 4):
            factories.review(center, rating=5 - stars)
    db.session.commit()
    return made


def searched(**arguments):
    result = search(db.session, SearchQuery(verified=True, per_page=3, **arguments), geocode=lambda _: None,
                    timezone="Asia/Karachi", now_utc=NOW)
    return [hit.center.name for hit in result.hits], result.total


@pytest.mark.parametrize(("sort", "place"), [(sort, True) for sort in ("rating", "reviews", "price", "distance")]
                         + [(sort, False) for sort in ("rating", "reviews", "price")])
def test_verified_centers_read_from_the_few_equal_every_center_tested(centers, monkeypatch, sort, place):
    around = {"lat": 24.8, "lng": 67.03, "radius_km": 8} if place else {}
    calls = []
    side = search_rare.verified_side
    monkeypatch.setattr(search_rare, "verified_side", lambda *a: calls.append(side(*a)) or calls[-1])
    few = [searched(sort=sort, page=page, **around) for page in (1, 2)]
    assert calls and calls[0] is not None  # the few were read
    search_rare.SIZES.forget()
    monkeypatch.setattr(search_rare, "MATCH_LIMIT", 0)  # now "many": every center tested, as before
    calls.clear()
    every = [searched(sort=sort, page=page, **around) for page in (1, 2)]
    assert calls[0] is None
    search_rare.SIZES.forget()
    assert few == every
    names = [name for page, _ in few for name in page]
    assert names and all(int(name.split()[1]) % 3 == 0 for name in names)  # only the verified ones
    expected_total = len([n for n in range(0, 14, 3) if not place or 24.8 + n * 0.01 <= 24.8 + 8 / 111.2])
    assert few[0][1] == expected_total
