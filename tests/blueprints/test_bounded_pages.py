"""Pages that list many centers read and send a bounded amount whether there are 30 centers or 2,000 more."""
import re

import pytest
from sqlalchemy import event

from directory.extensions import db
from directory.models import Center, CenterService
from directory.services import sitemaps
from directory.services.centers import GUIDE_LIMIT, HOME_CITIES


class Loads:
    """Counts Center rows the ORM builds and SQL statements run while a page renders."""

    def __init__(self):
        self.centers = 0
        self.statements = 0

    def __enter__(self):
        event.listen(Center, "load", self._center)
        event.listen(db.engine, "before_cursor_execute", self._statement)
        return self

    def __exit__(self, *exc):
        event.remove(Center, "load", self._center)
        event.remove(db.engine, "before_cursor_execute", self._statement)

    def _center(self, *args):
        self.centers += 1

    def _statement(self, *args):
        self.statements += 1


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
    cities = re.findall(r'near=([^&"]+)&amp;radius_km=50', html)
    assert len(cities) == HOME_CITIES and cities[0] == "Karachi"


def test_sitemap_center_files_hold_at_most_their_limit(grown):
    _small, large = grown
    _size, loads, body = large["/sitemaps/centers-0.xml"]
    # ids 1-250, each in both languages; slugs read as rows, not Center objects
    assert body.count("<url>") == 500 and body.count("/ur/centers/") == 250 * 3 and loads.centers == 0
    index = large["/sitemap.xml"][2]
    assert index.count("<sitemap>") == 1 + 9  # the pages file, then ids 1-250 ... 2,001-2,030
