"""The home page, sitemap, robots.txt, probes and error pages render as a visitor (or a crawler) needs."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

from sqlalchemy import select

from directory.extensions import db
from directory.models import Center
from directory.services import sitemaps


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_home_has_search_featured_centers_and_cities(seeded_client):
    html = page(seeded_client, "/")
    assert '<label for="q">' in html and 'action="/search/"' in html
    assert "Top rated in Karachi" in html and "Karachi" in html and "Lahore" in html
    assert "sample data" in html.lower()


def sitemap_files(client) -> list[str]:
    """The XML of every file the sitemap index at /sitemap.xml names."""
    index = page(client, "/sitemap.xml")
    assert "<sitemapindex" in index
    return [page(client, urlsplit(loc).path) for loc in re.findall(r"<loc>([^<]+)</loc>", index)]


def test_sitemap_lists_every_published_center(seeded_app, seeded_client):
    xml = "".join(sitemap_files(seeded_client))
    with seeded_app.app_context():
        slugs = db.session.scalars(select(Center.slug).where(Center.status == "published")).all()
    assert slugs and all(f"/centers/{slug}</loc>" in xml for slug in slugs)
    assert "/guide/deep-tissue</loc>" in xml and "/guide/conditions/" in xml


def test_sitemap_files_cut_centers_by_id_range(app, factories, monkeypatch):
    monkeypatch.setattr(sitemaps, "SITEMAP_URLS", 4)  # 4 <url> entries: 2 centers, each in English and Urdu
    hidden = factories.center(status="draft")
    shown = [factories.center() for _ in range(4)]
    files = sitemap_files(app.test_client())
    parts = (shown[-1].id + 1) // 2  # ids 1-2, 3-4, ... up to the highest
    assert len(files) == 1 + parts  # the pages file first
    center_files = files[1:]
    assert all(xml.count("<url>") <= 4 for xml in center_files)
    for center in shown:  # each center in exactly one file, both languages side by side
        holding = [xml for xml in center_files if f"<loc>http://sukoon.test/centers/{center.slug}</loc>" in xml]
        assert len(holding) == 1 and f"<loc>http://sukoon.test/ur/centers/{center.slug}</loc>" in holding[0]
    assert not any(f"/centers/{hidden.slug}</loc>" in xml for xml in files)
    page(app.test_client(), f"/sitemaps/centers-{parts}.xml", status=404)


def test_sitemap_lists_every_page_in_both_languages_with_hreflang_alternates(seeded_client):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = [url for xml in sitemap_files(seeded_client) for url in ElementTree.fromstring(xml).findall("s:url", ns)]
    locs = [url.find("s:loc", ns).text for url in urls]
    assert len(locs) == len(set(locs))
    english = [urlsplit(loc).path for loc in locs if not urlsplit(loc).path.startswith("/ur/")]
    assert "/guide/deep-tissue" in english and len(locs) == 2 * len(english)
    for url, loc in zip(urls, locs, strict=True):
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        en = urlsplit(links["en"])
        assert links == {"en": links["en"], "ur": en._replace(path="/ur" + en.path).geturl(),
                         "x-default": links["en"]} and loc in (links["en"], links["ur"])
    assert seeded_client.get(urlsplit(links["ur"]).path).status_code == 200  # the Urdu twin is a page


def test_robots_points_at_the_sitemap(seeded_client):
    text = page(seeded_client, "/robots.txt")
    assert "Sitemap:" in text and "/sitemap.xml" in text


def test_server_error_page_has_an_id_and_no_traceback(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "error id" in html and "secret internals" not in html and "Traceback" not in html


def test_api_paths_get_json_errors(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["status"] == 404


def test_healthz_answers_without_the_database(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_the_site_has_an_icon_where_browsers_look_for_it(seeded_client):
    icon = seeded_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
    assert 'rel="icon" href="/static/img/favicon.svg?v=' in seeded_client.get("/").get_data(as_text=True)
