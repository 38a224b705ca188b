"""The home page's "Top rated in <city>": Karachi first, the visitor's choice remembered, or the city nearest them."""
import re

from directory.extensions import db
from directory.models import Center

KARACHI_POINT, ISLAMABAD_POINT = ("24.8138", "67.0300"), ("33.7215", "73.0433")  # Clifton; F-7 Markaz


def top_rated(client, url="/") -> tuple[str, set[str]]:
    """The heading and the cities of the centers in the Top rated section."""
    html = client.get(url).get_data(as_text=True)
    section = html.split('id="featured-heading"')[1].split("</section>")[0]
    heading = re.search(r">([^<]+)</h2>", section).group(1)
    names = set(re.findall(r'<h3[^>]*>\s*<a href="/centers/([^"]+)"', section))
    cities = {db.session.scalar(db.select(Center.city).where(Center.slug == slug)) for slug in names}
    return heading, cities


def test_karachi_is_shown_first(seeded_app, seeded_client):
    with seeded_app.app_context():
        heading, cities = top_rated(seeded_client)
    assert heading == "Top rated in Karachi" and cities == {"Karachi"}


def test_a_chosen_city_is_shown_and_remembered(seeded_app):
    client = seeded_app.test_client()
    with seeded_app.app_context():
        heading, cities = top_rated(client, "/?city=Lahore")
        assert heading == "Top rated in Lahore" and cities == {"Lahore"}
        assert top_rated(client, "/")[0] == "Top rated in Lahore"  # the next visit, from the cookie
        assert top_rated(client, "/?city=Karachi")[0] == "Top rated in Karachi"


def test_near_me_picks_the_nearest_listed_city(seeded_app):
    client = seeded_app.test_client()
    with seeded_app.app_context():
        lat, lng = ISLAMABAD_POINT
        heading, cities = top_rated(client, f"/?lat={lat}&lng={lng}")
        assert heading == "Top rated in Islamabad" and cities == {"Islamabad"}
        lat, lng = KARACHI_POINT
        assert top_rated(client, f"/?lat={lat}&lng={lng}")[0] == "Top rated in Karachi"


def test_unknown_cities_and_bad_points_fall_back_to_karachi(seeded_app):
    client = seeded_app.test_client()
    with seeded_app.app_context():
        for url in ("/?city=Atlantis", "/?lat=abc&lng=1", "/?lat=nan&lng=nan", "/?lat=91&lng=0", "/?lat=1e999&lng=5"):
            assert top_rated(client, url)[0] == "Top rated in Karachi", url
        assert "home_city" not in client.get("/?city=Atlantis").headers.get("Set-Cookie", "")
