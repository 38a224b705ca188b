"""Pages that list many centers read and send a bounded amount whether there are 30 centers or 2,000 more."""
import re
from datetime import datetime

import pytest
from sqlalchemy import event, insert

from directory.extensions import db
from directory.models import AuditEntry, Center, CenterManager, CenterService
from directory.services import sitemaps
from directory.services.audit import AUDIT_PAGES
from directory.services.centers import GUIDE_LIMIT, HOME_CITIES
from directory.services.city_counts import refresh_city_counts
from directory.services.dashboard import DASHBOARD_PER_PAGE
from directory.services.listings.status import DELETED_PER_PAGE

from ..databases import BACKEND


class Loads:
    """Counts Center rows the ORM builds and SQL statements run while a page renders, and on SQLite the work the
    database does (virtual machine steps, in thousands: it grows with every row a statement reads)."""

    def __init__(self):
        self.centers = 0
        self.statements = 0
        self.work = 0

    def __enter__(self):
        event.listen(Center, "load", self._center)
        event.listen(db.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *exc):
        event.remove(Center, "load", self._center)
        event.remove(db.engine, "before_cursor_execute", self._statement)

    def _center(self, *args):
        self.centers += 1

    def _statement(self, connection, *args):
        self.statements += 1
        raw = connection.connection.dbapi_connection
        if hasattr(raw, "set_progress_handler"):  # sqlite3: called every 1,000 virtual machine steps
            raw.set_progress_handler(self._step, 1_000)

    def _step(self):
        self.work += 1
        return 0


def add_centers(service, count: int, start: int, rated: bool = True) -> None:
    """`count` published centers in 60 cities offering `service`, added in one commit (factories commit each)."""
    for n in range(start, start + count):
        center = Center(slug=f"bulk-{n}", name=f"Bulk center {n:05d}", kind="day_spa", address=f"{n} Road",
                        area="Clifton", city=f"City {n % 60:02d}", latitude=24.8 + n % 100 / 1000,
                        longitude=67.0, status="published", rating_count=3 if rated else 0,
                        rating_sum=12 if rated else 0, rating_4=3 if rated else 0)
        center.menu.append(CenterService(service=service, name=service.name, duration_min=60,
                                         price_pkr=1_000 + n, position=0))
        db.session.add(center)
    db.session.commit()


def measure(client, url: str) -> tuple[int, Loads, str]:
    with Loads() as loads:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(response.get_data()), loads, response.get_data(as_text=True)


@pytest.fixture
def grown(app, factories, monkeypatch):
    """A measure of each page at 30 centers, then the same after 2,000 more; sitemap files of 500 URLs (250
    centers, each in English and Urdu)."""
    monkeypatch.setattr(sitemaps, "SITEMAP_URLS", 500)
    service = factories.service(slug="thai", name="Thai")
    client = app.test_client()
    urls = ("/", "/guide/thai", "/sitemap.xml", "/sitemaps/centers-0.xml", "/search/?service=thai&sort=price",
            "/api/v1/centers?service=thai&sort=price")
    add_centers(service, 30, 0)
    small = {url: measure(client, url) for url in urls}
    add_centers(service, 2_000, 30)
    large = {url: measure(client, url) for url in urls}
    return small, large


def test_listing_pages_stay_the_same_size_as_centers_grow(grown):
    small, large = grown
    for url, (size, loads, _body) in large.items():
        if url == "/sitemaps/centers-0.xml":
            continue  # grows from 30 URLs to its limit: see the sitemap test
        before, before_loads, _body = small[url]
        assert size <= before * 1.25 + 2_000, (url, before, size)
        assert loads.centers <= max(before_loads.centers, 100), (url, loads.centers)
        assert loads.statements <= before_loads.statements + 5, (url, before_loads.statements, loads.statements)


@pytest.mark.skipif(BACKEND != "sqlite", reason="counts SQLite's virtual machine steps")
def test_the_price_sort_without_a_place_reads_menu_lines_in_price_order_not_every_center(grown):
    """2,000 more centers would be ~100 thousand more steps if the price sort still ordered every center."""
    small, large = grown
    for url in ("/search/?service=thai&sort=price", "/api/v1/centers?service=thai&sort=price"):
        assert large[url][1].work <= small[url][1].work * 2 + 20, (url, small[url][1].work, large[url][1].work)


def test_guide_page_shows_the_cheapest_centers_up_to_its_limit_and_links_to_search(grown):
    _small, large = grown
    _size, loads, _body = large["/guide/thai"]
    assert loads.centers == GUIDE_LIMIT


def test_guide_page_lists_the_lowest_prices_in_order(app, factories):
    service = factories.service(slug="thai", name="Thai")
    add_centers(service, 45, 0)
    html = app.test_client().get("/guide/thai").get_data(as_text=True)
    names = re.findall(r"Bulk center (\d{5})", html)
    assert names == [f"{n:05d}" for n in range(GUIDE_LIMIT)]  # price 1,000 + n: the lowest twenty, cheapest first
    assert f"The {GUIDE_LIMIT} lowest prices are shown" in html and "/search/?service=thai" in html


def test_home_links_a_bounded_number_of_cities_karachi_first(app, factories):
    service = factories.service()
    add_centers(service, 120, 0)
    factories.center(city="Karachi")
    html = app.test_client().get("/").get_data(as_text=True)
    browse = html.split('class="city-links"')[1].split("</p>")[0]
    cities = re.findall(r'near=([^&"]+)&amp;radius_km=50', browse)
    assert len(cities) == HOME_CITIES and cities[0] == "Karachi"


def test_sitemap_center_files_hold_at_most_their_limit(grown):
    _small, large = grown
    _size, loads, body = large["/sitemaps/centers-0.xml"]
    # ids 1-250, each in both languages; slugs read as rows, not Center objects
    assert body.count("<url>") == 500 and body.count("/ur/centers/") == 250 * 3 and loads.centers == 0
    index = large["/sitemap.xml"][2]
    assert index.count("<sitemap>") == 1 + 9  # the pages file, then ids 1-250 ... 2,001-2,030


def add_rated_centers(count: int, start: int) -> None:
    """Published centers in 60 cities with ratings spread like real ones (1-40 reviews, 3-5 stars on average)."""
    def reviews(n):
        return 1 + n * 7 % 40

    add_rows(Center, count, slug=lambda n: f"rated-{start + n}", name=lambda n: f"Rated {start + n:05d}",
             address="1 Road", city=lambda n: f"City {(start + n) % 60:02d}", latitude=24.8, longitude=67.0,
             lat_band=4960, status="published", rating_count=lambda n: reviews(start + n),
             rating_sum=lambda n: reviews(start + n) * 3 + (start + n) * 13 % (reviews(start + n) * 2 + 1))


def test_home_and_the_rating_sort_without_a_place_do_not_read_every_center(app):
    """At 30 and at 2,030 centers: the top rated, the city counts and the rating sort read from indexes.

    (Each reads whole runs of equal sort keys: a run of 2,000 centers tied on the Bayesian score would be read.)
    """
    client = app.test_client()
    urls = ("/", "/search/", "/search/?page=3", "/api/v1/centers?per_page=5")
    add_rated_centers(30, 0)
    refresh_city_counts(db.session)
    db.session.commit()
    small = {url: measure(client, url)[1] for url in urls}
    add_rated_centers(2_000, 30)
    refresh_city_counts(db.session)
    db.session.commit()
    large = {url: measure(client, url)[1] for url in urls}
    for url in urls:
        assert large[url].centers <= max(small[url].centers, 20), url
        if db.engine.dialect.name == "sqlite":  # 2,000 rows read would be ~100 thousand steps more
            assert large[url].work <= small[url].work * 2 + 20, (url, small[url].work, large[url].work)


def add_rows(model, count: int, **values) -> None:
    db.session.execute(insert(model), [{key: value(n) if callable(value) else value for key, value in values.items()}
                                       for n in range(count)])
    db.session.commit()


def test_admin_and_manage_lists_read_at_most_their_limits(client, factories, auth):
    admin, owner = factories.user(role="admin"), factories.user()
    start = 10_000
    bulk = {"name": lambda n: f"Bulk {n:04d}", "address": "1 Road", "city": "Karachi", "latitude": 24.8,
            "longitude": 67.0, "lat_band": 4960, "slug": lambda n: f"bulk-{n}"}
    add_rows(Center, 300, **{**bulk, "slug": lambda n: f"gone-{n}", "status": "deleted",
                            "deleted_at": datetime(2026, 1, 1)})
    add_rows(Center, 150, **{**bulk, "status": "published", "id": lambda n: start + n})
    add_rows(CenterManager, 150, center_id=lambda n: start + n, user_id=owner.id)
    add_rows(AuditEntry, 6_000, action="center.deleted", subject_type="center", subject_id=lambda n: n)
    auth.login_as(admin)
    with Loads() as deleted:
        assert client.get("/admin/centers/deleted?page=6").status_code == 200  # the last of 300 / 50
    assert deleted.centers <= DELETED_PER_PAGE
    body = client.get("/admin/audit?page=9999").get_data(as_text=True)
    assert f"Page {AUDIT_PAGES} of {AUDIT_PAGES}" in body  # offset and count stop at the last page kept
    with Loads() as queues:
        assert client.get("/admin/").status_code == 200
    if db.engine.dialect.name == "sqlite":
        assert queues.work < 6, queues.work  # counted by index, not by reading the 450 centers
    auth.login_as(owner)
    with Loads() as dashboard:
        assert client.get("/manage/?page=3").status_code == 200  # the last of 150 / 50
    assert dashboard.centers <= DASHBOARD_PER_PAGE
