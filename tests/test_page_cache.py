"""Anonymous search and center pages come from the page cache within the minute; nothing personal is ever kept."""
import re

import pytest
from sqlalchemy import update

from directory import insights_buffer
from directory.extensions import cache, db
from directory.models import Center, CenterWeeklyStats

from .blueprints.account_steps import HOST
from .conftest import AuthActions, _empty_tables, make_app

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/125 Mobile"}
SEARCH = "/search/?lat=24.8138&lng=67.03&radius_km=5"


@pytest.fixture
def cached_app(app):
    """The test app with an in-process cache (tests otherwise run with none) and insights written at once."""
    app.config.update(CACHE_TYPE="SimpleCache", INSIGHTS_FLUSH_SECONDS=0)
    cache.init_app(app)
    return app


def text(client, url: str) -> str:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def week_counts(center) -> tuple[int, int]:
    db.session.rollback()
    row = db.session.get(CenterWeeklyStats, (center.id, insights_buffer.this_week()))
    return (row.page_views, row.search_appearances) if row else (0, 0)


def quietly_rename(center, name: str) -> None:
    """A change that does not bump the listing's version (as an admin's fix to a therapist would not)."""
    db.session.execute(update(Center).where(Center.id == center.id).values(name=name))
    db.session.commit()


def test_a_search_page_is_kept_a_minute_and_still_counts_each_showing(cached_app, factories):
    first = factories.center(name="First Spa", latitude=24.814, longitude=67.03)
    client = cached_app.test_client()
    assert "First Spa" in text(client, SEARCH)
    factories.center(name="Second Spa", latitude=24.815, longitude=67.03)
    page = text(cached_app.test_client(), SEARCH)
    assert "First Spa" in page and "Second Spa" not in page  # kept
    assert week_counts(first) == (0, 2)  # shown twice, counted twice
    assert "Second Spa" in text(client, SEARCH + "&sort=rating")  # another URL is another page
    cache.clear()
    assert "Second Spa" in text(client, SEARCH)


def test_urdu_and_english_and_the_font_class_are_kept_apart(cached_app, factories):
    factories.center(name="First Spa", latitude=24.814, longitude=67.03)
    client = cached_app.test_client()
    english = text(client, SEARCH)
    urdu = text(client, "/ur" + SEARCH)
    assert 'lang="en"' in english and 'lang="ur"' in urdu and 'class="nastaliq"' not in urdu
    client.set_cookie("nastaliq", "1", domain=HOST)
    assert 'class="nastaliq"' in text(client, "/ur" + SEARCH)
    assert 'lang="en"' in text(client, SEARCH)


def test_a_center_page_is_kept_until_its_listing_changes(cached_app, factories):
    center = factories.center(name="Raintree Spa")
    url = f"/centers/{center.slug}"
    assert "Raintree Spa" in text(cached_app.test_client(), url)
    quietly_rename(center, "Renamed Spa")
    assert "Raintree Spa" in text(cached_app.test_client(), url)  # kept within the minute
    assert week_counts(center) == (2, 0)  # each showing is a page view
    db.session.execute(update(Center).where(Center.id == center.id).values(version=Center.version + 1))
    db.session.commit()
    assert "Renamed Spa" in text(cached_app.test_client(), url)  # an owner's saved edit shows at once
    factories.review(center, status="published", title="Lovely and calm")
    assert "Lovely and calm" in text(cached_app.test_client(), url)  # so does a newly published review


def test_an_unpublished_center_is_gone_at_once(cached_app, factories):
    center = factories.center()
    url = f"/centers/{center.slug}"
    text(cached_app.test_client(), url)
    db.session.execute(update(Center).where(Center.id == center.id).values(status="suspended"))
    db.session.commit()
    assert cached_app.test_client().get(url).status_code == 404


def test_signed_in_members_neither_read_nor_leave_pages(cached_app, factories):
    center = factories.center(name="Raintree Spa")
    url = f"/centers/{center.slug}"
    member = factories.user(display_name="Nadia Qureshi")
    client = cached_app.test_client()
    AuthActions(client).login_as(member)
    assert "Nadia Qureshi" in text(client, url)
    assert "Nadia Qureshi" not in text(cached_app.test_client(), url)  # not kept from the member's visit
    quietly_rename(center, "Renamed Spa")
    assert "Renamed Spa" in text(client, url)  # the member is served fresh
    assert "Raintree Spa" in text(cached_app.test_client(), url)  # while visitors get the kept page


def test_a_flashed_message_is_shown_once_and_never_kept(cached_app, factories):
    center = factories.center()
    url = f"/centers/{center.slug}"
    client = cached_app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Thanks for your report")]
    assert "Thanks for your report" in text(client, url)
    assert "Thanks for your report" not in text(client, url)
    assert "Thanks for your report" not in text(cached_app.test_client(), url)


def test_each_visitor_gets_their_own_csrf_token_on_a_kept_page(empty_database_url, factories):
    app = make_app(empty_database_url, CACHE_TYPE="SimpleCache", WTF_CSRF_ENABLED=True)
    with app.app_context():
        _empty_tables()
        cache.clear()
        center = factories.center()
        review = factories.review(center, status="published")
        tokens = []
        for _ in range(2):
            client = app.test_client()
            page = text(client, f"/centers/{center.slug}")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            assert "__sukoon_csrf_token__" not in page
            # the token is good for this visitor's session: past CSRF, the vote asks them to log in
            response = client.post(f"/reviews/{review.id}/helpful", data={"csrf_token": token})
            assert response.status_code == 302 and "/accounts/login" in response.location
            tokens.append(token)
        assert tokens[0] != tokens[1]
        cache.clear()


def test_a_cache_that_is_down_is_a_miss_not_an_error(empty_database_url, factories):
    app = make_app(empty_database_url, CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:6399/0")
    with app.app_context():
        _empty_tables()
        center = factories.center(name="Only Spa")
        assert "Only Spa" in text(app.test_client(), f"/centers/{center.slug}")
        assert "Only Spa" in text(app.test_client(), SEARCH)


def test_a_place_not_found_is_not_kept(cached_app, factories, monkeypatch):
    client = cached_app.test_client()
    assert "Qwzxplace" in text(client, "/search/?near=Qwzxplace")
    assert not [key for key in cache.cache._cache if key.startswith("page:")]


def test_a_kept_page_takes_a_fraction_of_its_size(cached_app, factories):
    """Anyone can make new URLs, so the cache holds pages compressed (several times more pages in its memory)."""
    for n in range(20):
        factories.center(name=f"Spa {n}", latitude=24.814 + n / 1000, longitude=67.03)
    page = text(cached_app.test_client(), SEARCH)
    [key] = [key for key in cache.cache._cache if key.startswith("page:")]
    body, refs = cache.get(key)
    assert len(refs) == 20 and len(body) * 4 < len(page.encode())


def test_a_massage_type_guide_page_is_kept_a_minute(cached_app, factories):
    thai = factories.service(slug="thai", name="Thai")
    factories.center(name="First Spa", menu=[(thai, 60, 3000)])
    client = cached_app.test_client()
    assert "First Spa" in text(client, "/guide/thai")
    factories.center(name="Second Spa", menu=[(thai, 60, 2500)])
    assert "Second Spa" not in text(client, "/guide/thai")  # kept
    assert client.get("/guide/no-such-type").status_code == 404
    cache.clear()
    assert "Second Spa" in text(client, "/guide/thai")
