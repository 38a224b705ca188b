"""Every public page renders with what a visitor needs, on the sample data."""
import json
import re
from datetime import date, datetime

from sqlalchemy import select

from directory.extensions import db
from directory.models import Center


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_home_has_search_featured_centers_and_cities(seeded_client):
    html = page(seeded_client, "/")
    assert '<label for="q">' in html and 'action="/search/"' in html
    assert "Top-rated centers" in html and "Karachi" in html and "Lahore" in html
    assert "sample data" in html.lower()


def test_center_page_shows_what_a_visitor_needs(seeded_client):
    html = page(seeded_client, "/centers/the-raintree-spa")
    assert "<h1>The Raintree Spa</h1>" in html
    assert "Menu and prices" in html and "PKR" in html and "Per 60 min" in html
    assert re.search(r"(Open now|Closed|Open 24 hours)", html)
    # Phone and WhatsApp links go through a counted redirect (owner insights) to the center's own numbers.
    assert 'href="/centers/the-raintree-spa/contact/phone"' in html
    assert seeded_client.get("/centers/the-raintree-spa/contact/phone").location.startswith("tel:+92")
    assert seeded_client.get("/centers/the-raintree-spa/contact/whatsapp").location.startswith("https://wa.me/92")
    assert "Verified" in html and "Pending verification" in html
    assert "Opening hours" in html and "Monday" in html and "Sunday" in html
    assert "<meter" in html and "reviews" in html
    assert "Listing confirmed" in html or "has not confirmed" in html
    assert 'data-lat="' in html and "openstreetmap.org" in html


def test_center_page_menu_matches_the_database(seeded_app, seeded_client):
    html = page(seeded_client, "/centers/the-royal-spa")
    with seeded_app.app_context():
        center = db.session.scalar(select(Center).where(Center.slug == "the-royal-spa"))
        for item in center.menu:
            assert item.name in html
            assert f"PKR {item.price_pkr:,}" in html and f"PKR {item.price_per_hour:,}" in html


def test_expired_credential_shows_as_expired(seeded_app, seeded_client):
    from directory.models import Credential, Therapist

    today = date.today()
    with seeded_app.app_context():
        lapsed = db.session.scalars(select(Credential).join(Therapist)).all()
        lapsed = [c for c in lapsed if c.status_on(today) == "expired" and c.therapist.center.status == "published"]
        assert lapsed, "the sample data should include an expired credential"
        slug = lapsed[0].therapist.center.slug
    assert "Credential expired" in page(seeded_client, f"/centers/{slug}")


def test_center_page_json_ld_and_open_graph(seeded_client):
    html = page(seeded_client, "/centers/the-raintree-spa")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] in ("DaySpa", "HealthAndBeautyBusiness")
    assert data["name"] == "The Raintree Spa"
    assert data["geo"]["latitude"] and data["address"]["addressLocality"] == "Karachi"
    assert data["aggregateRating"]["reviewCount"] > 0
    assert data["openingHoursSpecification"]
    assert '<meta property="og:title" content="The Raintree Spa">' in html


def test_unknown_center_is_404(seeded_client):
    html = page(seeded_client, "/centers/no-such-spa", status=404)
    assert "could not find" in html


def test_unpublished_center_is_404(factories, client):
    factories.center(slug="hidden-spa", status="pending")
    assert client.get("/centers/hidden-spa").status_code == 404


def test_guide_lists_every_type_with_cautions(seeded_client):
    html = page(seeded_client, "/guide/")
    for name in ("Swedish", "Deep Tissue", "Myofascial Release", "Trigger Point", "Thai", "Sports", "Hot Stone",
                 "Prenatal", "Reflexology"):
        assert name in html
    assert "When to ask a doctor first" in html and "What our badges mean" in html


def test_guide_type_page_lists_centers_offering_it(seeded_client):
    html = page(seeded_client, "/guide/deep-tissue")
    assert "Cautions" in html and "Often chosen for" in html
    assert "Centers offering Deep Tissue" in html and "/centers/" in html


def test_unknown_guide_entry_is_404(seeded_client):
    page(seeded_client, "/guide/no-such-massage", status=404)


def test_sitemap_lists_every_published_center(seeded_app, seeded_client):
    xml = page(seeded_client, "/sitemap.xml")
    with seeded_app.app_context():
        slugs = db.session.scalars(select(Center.slug).where(Center.status == "published")).all()
    assert slugs and all(f"/centers/{slug}</loc>" in xml for slug in slugs)


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


def test_center_page_says_when_listing_is_stale(factories, client):
    factories.center(slug="old-news", confirmed_at=datetime(2024, 1, 1))
    html = page(client, "/centers/old-news")
    assert "may be out of date" in html


def test_healthz_answers_without_the_database(client):
    assert client.get("/healthz").json == {"status": "ok"}
