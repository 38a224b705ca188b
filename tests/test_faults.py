"""Outside services down: the site keeps serving (Redis for rate limits, Nominatim for place search)."""
import pytest

from .conftest import make_app

NOTHING_LISTENS = "127.0.0.1:9"  # the discard port: closed here, so connections are refused at once


@pytest.fixture
def redisless_client(app):
    """A client of an app whose rate-limit storage is a Redis that is not there."""
    # The fallback settings themselves come from config.py: Flask-Limiter keeps those of the first app it serves.
    broken = make_app(app.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_STORAGE_URI="redis://127.0.0.1:6399",
                      RATELIMIT_LOGIN_IP="3/minute")
    return broken.test_client()


def test_redis_down_pages_still_serve_and_limits_fall_back_to_memory(redisless_client, factories):
    center = factories.center()
    assert redisless_client.get("/").status_code == 200
    assert redisless_client.get(f"/centers/{center.slug}").status_code == 200
    assert redisless_client.get("/api/v1/centers?near=Clifton").status_code == 200
    attempts = [redisless_client.post("/accounts/login", data={"email": "a@example.com", "password": "wrong pass"})
                for _ in range(4)]
    assert [response.status_code for response in attempts] == [200, 200, 200, 429]  # limited from memory


@pytest.fixture
def geocoder_down_client(seeded_app):
    """The seeded data, with Nominatim configured on a port where nothing answers."""
    app = make_app(seeded_app.config["SQLALCHEMY_DATABASE_URI"], SERVER_NAME=None, GEOCODER="nominatim",
                   NOMINATIM_DOMAIN=NOTHING_LISTENS, GEOCODER_TIMEOUT=1)
    return app.test_client()


def test_geocoder_down_search_by_place_answers_from_the_offline_gazetteer(geocoder_down_client):
    page = geocoder_down_client.get("/search/?near=Clifton")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("data-lat=") >= 3
    api = geocoder_down_client.get("/api/v1/centers?near=Clifton")
    assert api.status_code == 200 and len(api.get_json()["items"]) >= 3
