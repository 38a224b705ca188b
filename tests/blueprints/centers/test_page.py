"""A center's public page renders with what a visitor needs, on the sample data."""
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


def test_center_page_says_when_listing_is_stale(factories, client):
    factories.center(slug="old-news", confirmed_at=datetime(2024, 1, 1))
    html = page(client, "/centers/old-news")
    assert "may be out of date" in html
